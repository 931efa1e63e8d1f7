package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.transforms.verify.RowDiff.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A difference survives its one-line form, whatever spaces and commas its key and values hold. */
class RowDiffTest {

  private static void assertRoundTrip(RowDiff diff) {
    assertEquals(diff, RowDiff.parse(diff.line()), diff.line());
  }

  @Test
  void everyKindSurvivesItsLine() {
    assertRoundTrip(RowDiff.missing("id=5"));
    assertRoundTrip(RowDiff.extra("order_id=30, line_no=9"));
    assertRoundTrip(RowDiff.rejected("id=3"));
    assertRoundTrip(
        RowDiff.orphan(
            "order_id=999, line_no=1", List.of("order_id"), "order_id=999 has no row in orders"));
    assertRoundTrip(
        new RowDiff(
            Kind.CHANGED,
            "name='a, b', id=1",
            List.of("total", "note"),
            "total 12.50 → 12.00, note 'x, y' → NULL"));
  }

  @Test
  void aLineIsTabSeparatedSoKeysAndDetailsMayHoldSpacesAndCommas() {
    RowDiff diff =
        new RowDiff(Kind.CHANGED, "(1, 'a b', NULL)", List.of("a", "b"), "a 1 → 2, b 'x' → 'y'");
    assertEquals("changed\t(1, 'a b', NULL)\ta\u001fb\ta 1 → 2, b 'x' → 'y'", diff.line());
    // column names are apart by the unit separator, so a quoted name with a comma survives
    RowDiff comma = new RowDiff(Kind.CHANGED, "id=1", List.of("a,b", "c"), "");
    assertEquals(comma, RowDiff.parse(comma.line()));
    assertEquals("missing\tid=5\t\t", RowDiff.missing("id=5").line());
    RowDiff parsed = RowDiff.parse(RowDiff.missing("id=5").line());
    assertEquals(List.of(), parsed.columns());
    assertEquals("", parsed.detail());
  }

  @Test
  void aLineWithoutItsDetailFieldStillParses() {
    assertEquals(RowDiff.extra("id=2"), RowDiff.parse("extra\tid=2\t"));
  }

  @Test
  void textIsWhatAPersonReads() {
    assertEquals("missing id=5", RowDiff.missing("id=5").text());
    assertEquals("extra id=1000", RowDiff.extra("id=1000").text());
    assertEquals(
        "changed id=17: total 12.50 → 12.00",
        new RowDiff(Kind.CHANGED, "id=17", List.of("total"), "total 12.50 → 12.00").text());
    assertEquals(
        "rejected id=3: refused by the target, in its dead letters",
        RowDiff.rejected("id=3").text());
  }

  @Test
  void changedNamesTheDifferingColumnsInColumnOrderWithBothValues() {
    RowImage source =
        new RowImage("id=1", new byte[][] {{1}, {2}, {3}}, new String[] {"1", "'a'", "1.50"});
    RowImage target =
        new RowImage("id=1", new byte[][] {{1}, {9}, {4}}, new String[] {"1", "'b'", "1.51"});
    RowDiff diff = RowDiff.changed(source, target, List.of("id", "name", "price"));
    assertEquals(Kind.CHANGED, diff.kind());
    assertEquals(List.of("name", "price"), diff.columns());
    assertEquals("name 'a' → 'b', price 1.50 → 1.51", diff.detail());
    assertEquals("changed id=1: name 'a' → 'b', price 1.50 → 1.51", diff.text());
    assertRoundTrip(diff);
  }
}
