package dev.ferry.transforms.validate;

import static dev.ferry.transforms.validate.Normalization.EMPTY_TO_NULL;
import static dev.ferry.transforms.validate.Normalization.NFC;
import static dev.ferry.transforms.validate.Normalization.TRIM;
import static dev.ferry.transforms.validate.Orders.COLUMNS;
import static dev.ferry.transforms.validate.Orders.SCHEMA;
import static dev.ferry.transforms.validate.Orders.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.deadletter.FailedRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class NormalizeRowsTest {

  private static final String E_COMPOSED = "\u00e9";
  private static final String E_DECOMPOSED = "e\u0301";
  private static final String THUMBS_UP_MEDIUM = "\ud83d\udc4d\ud83c\udffd";
  private static final String FAMILY = "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67";

  private static PCollectionTuple normalize(
      TestPipeline p, Map<String, List<Normalization>> steps, Row... rows) {
    return p.apply(Create.of(List.of(rows)).withRowSchema(SCHEMA))
        .apply(NormalizeRows.with("orders", COLUMNS, steps));
  }

  @Test
  void trimStripsWhiteSpaceAtBothEnds(TestPipeline p) {
    PCollectionTuple out =
        normalize(
            p,
            Map.of("name", List.of(TRIM)),
            row(1, "name", " \t Ann Lee \n", "status", "  kept  "),
            row(2, "name", "Bo"));
    PAssert.that(out.get(NormalizeRows.VALID))
        .containsInAnyOrder(row(1, "name", "Ann Lee", "status", "  kept  "), row(2, "name", "Bo"));
    PAssert.that(out.get(NormalizeRows.FAILED)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void nfcComposesAccentsAndLeavesEmojiAlone(TestPipeline p) {
    PCollectionTuple out =
        normalize(
            p,
            Map.of("note", List.of(NFC)),
            row(1, "note", "caf" + E_DECOMPOSED),
            row(2, "note", "caf" + E_COMPOSED),
            row(3, "note", THUMBS_UP_MEDIUM + FAMILY));
    PAssert.that(out.get(NormalizeRows.VALID))
        .containsInAnyOrder(
            row(1, "note", "caf" + E_COMPOSED),
            row(2, "note", "caf" + E_COMPOSED),
            row(3, "note", THUMBS_UP_MEDIUM + FAMILY));
    PAssert.that(out.get(NormalizeRows.FAILED)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void emptyToNullTurnsEmptyTextIntoNull(TestPipeline p) {
    PCollectionTuple out =
        normalize(
            p,
            Map.of("email", List.of(EMPTY_TO_NULL), "status", List.of(TRIM, EMPTY_TO_NULL)),
            row(1, "email", "", "status", " \t "),
            row(2, "email", "  ", "status", "new"));
    PAssert.that(out.get(NormalizeRows.VALID))
        .containsInAnyOrder(row(1), row(2, "email", "  ", "status", "new"));
    PAssert.that(out.get(NormalizeRows.FAILED)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void stepsRunTrimThenNfcThenEmptyToNullWhateverTheListedOrder(TestPipeline p) {
    PCollectionTuple out =
        normalize(
            p,
            Map.of("status", List.of(EMPTY_TO_NULL, NFC, TRIM)),
            row(1, "status", "   "),
            row(2, "status", " " + E_DECOMPOSED + " "));
    PAssert.that(out.get(NormalizeRows.VALID))
        .containsInAnyOrder(row(1), row(2, "status", E_COMPOSED));
    PAssert.that(out.get(NormalizeRows.FAILED)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void emptyTextInANotNullColumnFailsTheRow(TestPipeline p) {
    Row blank = row(1, "name", "  ", "status", " x ");
    PCollectionTuple out =
        normalize(
            p,
            Map.of("name", List.of(TRIM, EMPTY_TO_NULL), "status", List.of(TRIM)),
            blank,
            row(2, "name", " Al "));
    PAssert.that(out.get(NormalizeRows.VALID)).containsInAnyOrder(row(2, "name", "Al"));
    PAssert.that(DeadLetters.described(out.get(NormalizeRows.FAILED)))
        .containsInAnyOrder(
            DeadLetters.expected(
                "orders",
                FailedRow.NORMALIZE,
                "name: empty text became NULL but the column is NOT NULL",
                blank));
    p.run().waitUntilFinish();
  }

  @Test
  void aRowWithNothingToChangeIsPassedOnAsIs() {
    NormalizeRows.NormalizeFn fn =
        new NormalizeRows.NormalizeFn(
            "orders",
            List.of(
                new NormalizeRows.ColumnSteps(
                    "status", true, Normalization.inOrder(List.of(TRIM, NFC, EMPTY_TO_NULL)))));
    List<String> problems = new ArrayList<>();
    Row clean = row(1, "status", "ok");
    Row nullStatus = row(2);
    Row dirty = row(3, "status", " ok");
    assertSame(clean, fn.normalize(clean, problems));
    assertSame(nullStatus, fn.normalize(nullStatus, problems));
    Row fixed = fn.normalize(dirty, problems);
    assertNotSame(dirty, fixed);
    assertEquals(row(3, "status", "ok"), fixed);
    assertEquals(List.of(), problems);
  }

  @Test
  void stepsOnTheirOwn() {
    assertEquals("a b", TRIM.apply("\u2003a b\t"));
    assertEquals("\u00a0a", TRIM.apply("\u00a0a"), "a no-break space is not white space to strip");
    assertEquals(E_COMPOSED, NFC.apply(E_DECOMPOSED));
    assertEquals(THUMBS_UP_MEDIUM + FAMILY, NFC.apply(THUMBS_UP_MEDIUM + FAMILY));
    assertNull(EMPTY_TO_NULL.apply(""));
    assertEquals(" ", EMPTY_TO_NULL.apply(" "));
    assertNull(Normalization.applyAll(List.of(EMPTY_TO_NULL, TRIM), " "));
    assertNull(Normalization.applyAll(List.of(TRIM), null));
  }

  @Test
  void stepsAreReadByTheirJobFileNames() {
    assertEquals(EMPTY_TO_NULL, Normalization.parse("empty_to_null"));
    assertEquals(
        "unknown normalization 'lower': use one of trim, nfc, empty_to_null",
        assertThrows(IllegalArgumentException.class, () -> Normalization.parse("lower"))
            .getMessage());
  }

  @Test
  void anUnknownColumnFailsAtConstruction() {
    assertEquals(
        "normalization for orders.nmae: table orders has no column nmae; columns are id, email,"
            + " name, quantity, price, weight, status, note, paid, shipped, created, doc, photo",
        assertThrows(
                IllegalArgumentException.class,
                () -> NormalizeRows.with("orders", COLUMNS, Map.of("nmae", List.of(TRIM))))
            .getMessage());
  }

  @Test
  void onlyTextColumnsTakeSteps() {
    assertEquals(
        "normalization for orders.doc: only text columns take normalization steps, and doc is json",
        assertThrows(
                IllegalArgumentException.class,
                () -> NormalizeRows.with("orders", COLUMNS, Map.of("doc", List.of(TRIM))))
            .getMessage());
    assertEquals(
        "normalization for orders.id: only text columns take normalization steps, and id is bigint",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    NormalizeRows.with(
                        "orders", COLUMNS, Map.of("id", List.of(TRIM, EMPTY_TO_NULL))))
            .getMessage());
  }
}
