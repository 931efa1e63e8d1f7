package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Values as a person reads them in a drill-down, and the key text each row is named by. */
class RowImagesTest {

  private static final List<Column> COLUMNS =
      List.of(
          column("id", ColumnType.of(Kind.INT64)),
          column("name", ColumnType.string(0)),
          column("price", ColumnType.decimal(10, 2)));

  private static Column column(String name, ColumnType type) {
    return new Column(name, type.toString(), type, true, null);
  }

  private static Row row(Object... values) {
    return Row.withSchema(BeamSchemas.of(COLUMNS))
        .attachValues(new ArrayList<>(Arrays.asList(values)));
  }

  private static KV<byte[], RowImage> image(Row row, List<Integer> key) {
    return RowImages.of(row, COLUMNS, CanonicalRow.of(COLUMNS), key);
  }

  @Test
  void nullAndNumbersAreShownPlain() {
    assertEquals("NULL", RowImages.show(null));
    assertEquals("42", RowImages.show(42L));
    assertEquals("12.50", RowImages.show(new BigDecimal("12.50")));
    assertEquals("true", RowImages.show(true));
  }

  @Test
  void stringsAreQuotedAndTheirControlCharactersEscaped() {
    assertEquals("''", RowImages.show(""));
    assertEquals("'a b'", RowImages.show("a b"));
    assertEquals("'a\\tb\\nc\\rd'", RowImages.show("a\tb\nc\rd"));
    assertEquals("'\\u0000\\u0007\\u007f'", RowImages.show("\u0000\u0007\u007f"));
    assertEquals("'Zürich 東京 🚢'", RowImages.show("Zürich 東京 🚢"));
  }

  @Test
  void longStringsAreShortenedTo40CodePoints() {
    String forty = "'" + "x".repeat(38) + "'";
    assertEquals(forty, RowImages.show("x".repeat(38)));
    assertEquals("'" + "x".repeat(39) + "…", RowImages.show("x".repeat(39)));
    String ships = RowImages.show("🚢".repeat(50));
    // 39 whole emoji (78 chars): none cut in half
    assertEquals("'" + "🚢".repeat(39) + "…", ships);
  }

  @Test
  void bytesAreHexShortenedTo20Bytes() {
    assertEquals("0x", RowImages.show(new byte[0]));
    assertEquals("0x01ff00", RowImages.show(new byte[] {1, (byte) 0xff, 0}));
    byte[] twenty = new byte[20];
    assertEquals("0x" + "00".repeat(20), RowImages.show(twenty));
    assertEquals("0x" + "00".repeat(20) + "…", RowImages.show(new byte[21]));
  }

  @Test
  void aSingleKeyNamesItsColumn() {
    KV<byte[], RowImage> a = image(row(7L, "a", new BigDecimal("1.50")), List.of(0));
    KV<byte[], RowImage> b = image(row(7L, "b", new BigDecimal("2.00")), List.of(0));
    assertEquals("id=7", a.getValue().key());
    assertArrayEquals(a.getKey(), b.getKey(), "the join key is the key column's only");
    assertEquals(List.of("7", "'a'", "1.50"), List.of(a.getValue().shown()));
  }

  @Test
  void aCompositeKeyNamesEachColumnInKeyOrder() {
    KV<byte[], RowImage> a = image(row(7L, "a, b", null), List.of(1, 0));
    assertEquals("name='a, b', id=7", a.getValue().key());
    KV<byte[], RowImage> b = image(row(7L, "a, c", null), List.of(1, 0));
    assertFalse(Arrays.equals(a.getKey(), b.getKey()));
  }

  @Test
  void aKeylessRowIsNamedAndJoinedByAllItsValues() {
    KV<byte[], RowImage> a = image(row(7L, "a", null), List.of());
    assertEquals("(7, 'a', NULL)", a.getValue().key());
    assertArrayEquals(a.getKey(), image(row(7L, "a", null), List.of()).getKey());
    assertFalse(Arrays.equals(a.getKey(), image(row(7L, "a", BigDecimal.ONE), List.of()).getKey()));
    // 1.5 and 1.50 are one value, so one row
    assertArrayEquals(
        image(row(1L, "a", new BigDecimal("1.5")), List.of()).getKey(),
        image(row(1L, "a", new BigDecimal("1.50")), List.of()).getKey());
  }
}
