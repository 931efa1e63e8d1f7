package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class CanonicalRowTest {

  private static Column column(String name, ColumnType type) {
    return new Column(name, type.toString(), type, true, null);
  }

  /** The canonical bytes of one value in a one-column row of {@code type}. */
  private static byte[] bytes(ColumnType type, Object value) {
    List<Column> columns = List.of(column("v", type));
    Row row =
        Row.withSchema(BeamSchemas.of(columns)).attachValues(new ArrayList<>(Arrays.asList(value)));
    return CanonicalRow.of(columns).encode(row);
  }

  private static void assertSame(ColumnType a, Object x, ColumnType b, Object y) {
    assertArrayEquals(bytes(a, x), bytes(b, y), x + " as " + a + " vs " + y + " as " + b);
  }

  private static void assertDiffer(ColumnType a, Object x, ColumnType b, Object y) {
    assertFalse(Arrays.equals(bytes(a, x), bytes(b, y)), x + " as " + a + " vs " + y + " as " + b);
  }

  @Test
  void textIsItsUtf8BytesAsTheJdkEncodesThem() {
    java.util.Random random = new java.util.Random(3);
    List<String> texts =
        new ArrayList<>(
            List.of("", "ascii", "café", "東京都", "naïve 🚀", "\ud800 lone", "end \udc00"));
    for (int i = 0; i < 2_000; i++) {
      char[] chars = new char[random.nextInt(12)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = (char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000));
      }
      texts.add(new String(chars));
    }
    for (String text : texts) {
      byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] encoded = bytes(ColumnType.of(Kind.STRING), text);
      assertEquals(5 + utf8.length, encoded.length, text);
      assertArrayEquals(utf8, Arrays.copyOfRange(encoded, 5, encoded.length), text);
      assertEquals(utf8.length, java.nio.ByteBuffer.wrap(encoded, 1, 4).getInt(), text);
    }
  }

  @Test
  void decimalsCompareByValueWhateverTheirScale() {
    ColumnType money = ColumnType.decimal(10, 2);
    assertSame(money, new BigDecimal("1.5"), money, new BigDecimal("1.50"));
    assertSame(money, new BigDecimal("0.00"), ColumnType.decimal(38, 10), BigDecimal.ZERO);
    assertSame(money, new BigDecimal("100"), money, new BigDecimal("1E+2"));
    assertDiffer(money, new BigDecimal("1.5"), money, new BigDecimal("1.05"));
    assertDiffer(money, new BigDecimal("-1.5"), money, new BigDecimal("1.5"));
  }

  @Test
  void integersOfEveryWidthAreOneFamily() {
    assertSame(ColumnType.of(Kind.INT32), 7, ColumnType.of(Kind.INT64), 7L);
    assertSame(ColumnType.of(Kind.INT16), (short) -3, ColumnType.of(Kind.INT64), -3L);
    assertDiffer(ColumnType.of(Kind.INT64), 7L, ColumnType.of(Kind.INT64), 8L);
    // a number is not its text, nor a decimal of the same value
    assertDiffer(ColumnType.of(Kind.INT64), 7L, ColumnType.string(0), "7");
    assertDiffer(ColumnType.of(Kind.INT64), 7L, ColumnType.decimal(10, 0), BigDecimal.valueOf(7));
  }

  @Test
  void floatsWidenToDoubles() {
    assertSame(ColumnType.of(Kind.FLOAT32), 0.5f, ColumnType.of(Kind.FLOAT64), 0.5d);
    assertSame(ColumnType.of(Kind.FLOAT64), Double.NaN, ColumnType.of(Kind.FLOAT64), 0.0d / 0.0d);
    assertDiffer(ColumnType.of(Kind.FLOAT64), 0.1d, ColumnType.of(Kind.FLOAT64), 0.2d);
  }

  @Test
  void nullDiffersFromEveryEmptyValue() {
    ColumnType text = ColumnType.string(0);
    assertDiffer(text, null, text, "");
    assertDiffer(ColumnType.of(Kind.BYTES), null, ColumnType.of(Kind.BYTES), new byte[0]);
    assertDiffer(ColumnType.of(Kind.INT64), null, ColumnType.of(Kind.INT64), 0L);
    assertDiffer(ColumnType.of(Kind.BOOLEAN), null, ColumnType.of(Kind.BOOLEAN), false);
    assertSame(text, null, ColumnType.of(Kind.INT64), null);
  }

  @Test
  void textIsItsUtf8AndUuidsIgnoreCase() {
    ColumnType text = ColumnType.string(0);
    assertSame(text, "Zürich 東京 🚢", ColumnType.string(40), "Zürich 東京 🚢");
    assertSame(text, "{\"a\":1}", ColumnType.of(Kind.JSON), "{\"a\":1}");
    assertDiffer(text, "Zürich", text, "Zurich");
    String id = "0E984725-C51C-4BF4-9960-E1C80E27ABA0";
    assertSame(ColumnType.of(Kind.UUID), id, ColumnType.of(Kind.UUID), id.toLowerCase());
  }

  @Test
  void timesAreMicrosecondsOnTheirOwnLines() {
    Instant t = Instant.parse("2026-11-20T15:00:00.000001Z");
    ColumnType ts = ColumnType.of(Kind.TIMESTAMP);
    assertSame(ts, t, ts, Instant.parse("2026-11-20T16:00:00.000001+01:00"));
    assertDiffer(ts, t, ts, Instant.parse("2026-11-20T15:00:00.000002Z"));
    // a wall clock is not an instant, even when it reads the same in UTC
    assertDiffer(
        ts, t, ColumnType.of(Kind.TIMESTAMP_LOCAL), LocalDateTime.of(2026, 11, 20, 15, 0, 0, 1000));
    assertDiffer(
        ColumnType.of(Kind.DATE),
        LocalDate.of(2026, 11, 20),
        ColumnType.of(Kind.DATE),
        LocalDate.of(2026, 11, 21));
    assertDiffer(
        ColumnType.of(Kind.TIME),
        LocalTime.of(10, 0, 0, 1000),
        ColumnType.of(Kind.TIME),
        LocalTime.of(10, 0, 0, 2000));
    assertSame(
        ColumnType.of(Kind.TIMESTAMP),
        Instant.parse("1969-12-31T23:59:59.999999Z"),
        ColumnType.of(Kind.TIMESTAMP),
        Instant.ofEpochSecond(0, -1000));
  }

  @Test
  void bytesAreRawAndBooleansTheirTruth() {
    ColumnType bytes = ColumnType.of(Kind.BYTES);
    assertSame(bytes, new byte[] {0, 1, (byte) 0xff}, bytes, new byte[] {0, 1, (byte) 0xff});
    assertDiffer(bytes, new byte[] {0, 1}, bytes, new byte[] {1, 0});
    assertDiffer(ColumnType.of(Kind.BOOLEAN), true, ColumnType.of(Kind.BOOLEAN), false);
  }

  @Test
  void valuesStayInTheirColumns() {
    List<Column> columns =
        List.of(column("a", ColumnType.string(0)), column("b", ColumnType.string(0)));
    CanonicalRow canonical = CanonicalRow.of(columns);
    Row ab = Row.withSchema(BeamSchemas.of(columns)).addValues("ab", "").build();
    Row a_b = Row.withSchema(BeamSchemas.of(columns)).addValues("a", "b").build();
    Row swapped = Row.withSchema(BeamSchemas.of(columns)).addValues("", "ab").build();
    assertFalse(Arrays.equals(canonical.encode(ab), canonical.encode(a_b)));
    assertFalse(Arrays.equals(canonical.encode(ab), canonical.encode(swapped)));
    // the reused buffer does not leak one row into the next
    assertArrayEquals(canonical.encode(ab), CanonicalRow.of(columns).encode(ab));
    assertEquals(canonical.encode(a_b).length, canonical.encode(a_b).length);
  }

  @Test
  void refusesARowOfOtherColumns() {
    List<Column> one = List.of(column("a", ColumnType.string(0)));
    List<Column> two =
        List.of(column("a", ColumnType.string(0)), column("b", ColumnType.string(0)));
    Row row = Row.withSchema(BeamSchemas.of(two)).addValues("x", "y").build();
    assertThrows(IllegalArgumentException.class, () -> CanonicalRow.of(one).encode(row));
  }
}
