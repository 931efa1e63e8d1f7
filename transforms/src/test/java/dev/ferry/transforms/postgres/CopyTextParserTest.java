package dev.ferry.transforms.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.ValueRejected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class CopyTextParserTest {

  private static Column column(String name, ColumnType type) {
    return new Column(name, "", type, true, null);
  }

  private static Column column(String name, Kind kind) {
    return column(name, ColumnType.of(kind));
  }

  /** One column of every kind, in the order of {@link #sample()}. */
  private static final List<Column> ALL =
      List.of(
          column("flag", Kind.BOOLEAN),
          column("small", Kind.INT16),
          column("int", Kind.INT32),
          column("big", Kind.INT64),
          column("real", Kind.FLOAT32),
          column("double", Kind.FLOAT64),
          column("amount", ColumnType.decimal(38, 4)),
          column("text", ColumnType.string(0)),
          column("doc", Kind.JSON),
          column("id", Kind.UUID),
          column("data", Kind.BYTES),
          column("day", Kind.DATE),
          column("clock", Kind.TIME),
          column("at", Kind.TIMESTAMP),
          column("local", Kind.TIMESTAMP_LOCAL));

  private static List<Object> sample() {
    return Arrays.asList(
        true,
        (short) -7,
        42,
        1L << 40,
        1.5f,
        -0.1,
        new BigDecimal("12.3400"),
        "plain",
        "{\"a\": [1, 2]}",
        "123e4567-e89b-12d3-a456-426614174000",
        new byte[] {1, 2, 3},
        LocalDate.of(2024, 2, 29),
        LocalTime.of(13, 14, 15, 123_456_000),
        Instant.parse("2024-01-02T03:04:05.123456Z"),
        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000));
  }

  private static List<Object> roundTrip(List<Column> columns, List<Object> values)
      throws ValueRejected {
    byte[] line = new CopyText(columns, NulBytes.REJECT).encode(values);
    // Parse from the middle of a larger buffer, as a reader handing out lines in place would.
    byte[] buffer = new byte[line.length + 10];
    Arrays.fill(buffer, (byte) '\t');
    System.arraycopy(line, 0, buffer, 5, line.length);
    List<Object> parsed = new CopyTextParser(columns).parse(buffer, 5, line.length);
    assertSame(values, parsed);
    // The values are what a Row of the columns' schema holds.
    Row row = Row.withSchema(BeamSchemas.of(columns)).addValues(parsed).build();
    assertEquals(Row.withSchema(BeamSchemas.of(columns)).addValues(values).build(), row);
    return parsed;
  }

  /** Equal, of the same class, arrays by content, decimals with their scale. */
  private static void assertSame(List<Object> expected, List<Object> actual) {
    assertEquals(expected.size(), actual.size(), "number of values");
    for (int i = 0; i < expected.size(); i++) {
      Object e = expected.get(i);
      Object a = actual.get(i);
      if (e == null) {
        assertNull(a, "value " + i);
        continue;
      }
      assertEquals(e.getClass(), a.getClass(), "class of value " + i);
      if (e instanceof byte[] bytes) {
        assertArrayEquals(bytes, (byte[]) a, "value " + i);
      } else {
        assertEquals(e, a, "value " + i); // BigDecimal.equals compares the scale too
      }
    }
  }

  private static List<Object> one(Column column, Object value) throws ValueRejected {
    return roundTrip(List.of(column), Collections.singletonList(value));
  }

  @Test
  void readsBackEveryKind() throws ValueRejected {
    roundTrip(ALL, sample());
  }

  @Test
  void readsBackNullInEveryPosition() throws ValueRejected {
    for (int i = 0; i < ALL.size(); i++) {
      List<Object> values = new ArrayList<>(sample());
      values.set(i, null);
      roundTrip(ALL, values);
    }
    roundTrip(ALL, Arrays.asList(new Object[ALL.size()]));
  }

  @Test
  void nullIsOnlyTheWholeUnescapedField() throws ValueRejected {
    CopyTextParser parser =
        new CopyTextParser(
            List.of(
                column("a", ColumnType.string(0)),
                column("b", ColumnType.string(0)),
                column("c", ColumnType.string(0))));
    assertEquals(Arrays.asList(null, "\\N", "Nx"), parser.parse("\\N\t\\\\N\t\\Nx"));
    assertEquals(Arrays.asList("", "", null), parser.parse("\t\t\\N"));
  }

  @Test
  void readsBackTextEdgeCases() throws ValueRejected {
    Column text = column("t", ColumnType.string(0));
    for (String s :
        List.of(
            "",
            " ",
            "\t",
            "a\tb\nc\rd\\e",
            "\\N",
            "\\",
            "\\x41",
            "\\.",
            "ok 🚢 ñ 中文字符 ☃",
            "🚢".repeat(100),
            "\u0001\u0008\u000b\u000c\u007f")) {
      one(text, s);
    }
    List<Column> two = List.of(text, column("u", ColumnType.string(0)));
    roundTrip(two, Arrays.asList("", ""));
    roundTrip(two, Arrays.asList("tab\t", "\tback\\"));
  }

  @Test
  void readsBackNumberEdgeCases() throws ValueRejected {
    for (short s : new short[] {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE}) {
      one(column("c", Kind.INT16), s);
    }
    for (int n : new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}) {
      one(column("c", Kind.INT32), n);
    }
    for (long n : new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}) {
      one(column("c", Kind.INT64), n);
    }
    for (float f :
        new float[] {
          Float.NaN,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY,
          -0.0f,
          Float.MIN_VALUE,
          Float.MAX_VALUE,
          0.1f,
          1e10f,
          3.4028235e38f,
          1.17549435E-38f
        }) {
      one(column("c", Kind.FLOAT32), f);
    }
    for (double d :
        new double[] {
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          -0.0,
          Double.MIN_VALUE,
          Double.MAX_VALUE,
          0.1,
          1e100,
          Math.PI,
          4.9e-324
        }) {
      one(column("c", Kind.FLOAT64), d);
    }
    Column amount = column("amount", ColumnType.decimal(38, 10));
    for (String d :
        List.of(
            "0",
            "0.00",
            "-12.3450",
            "-0.0000000001",
            "99999999999999999999999999999999999999",
            "12345678901234567890123456789.123456789",
            "123456789012345678901234567890123456789012345678901234567890.5")) {
      one(amount, new BigDecimal(d));
    }
    List<Object> read = one(amount, new BigDecimal("1.50"));
    assertEquals(2, ((BigDecimal) read.get(0)).scale());
  }

  @Test
  void readsBackBytesAndBooleans() throws ValueRejected {
    Column data = column("data", Kind.BYTES);
    one(data, new byte[0]);
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    one(data, all);
    one(column("flag", Kind.BOOLEAN), true);
    one(column("flag", Kind.BOOLEAN), false);
    CopyTextParser parser = new CopyTextParser(List.of(column("flag", Kind.BOOLEAN)));
    assertEquals(List.of(true), parser.parse("true"));
    assertEquals(List.of(false), parser.parse("false"));
    assertEquals(
        List.of(true), parser.parse("t"), "t is what CopyText writes, read here without it");
  }

  @Test
  void readsBackTimesAcrossEras() throws ValueRejected {
    Column day = column("day", Kind.DATE);
    for (LocalDate d :
        List.of(
            LocalDate.of(2024, 2, 29),
            LocalDate.of(1, 1, 1),
            LocalDate.of(0, 12, 31),
            LocalDate.of(-43, 3, 15),
            LocalDate.of(-4712, 1, 1),
            LocalDate.of(9999, 12, 31),
            LocalDate.of(12345, 6, 7))) {
      one(day, d);
    }
    CopyTextParser dates = new CopyTextParser(List.of(day));
    assertEquals(List.of(LocalDate.of(-43, 3, 15)), dates.parse("0044-03-15 BC"));
    assertEquals(List.of(LocalDate.of(0, 1, 1)), dates.parse("0001-01-01 BC"));

    Column clock = column("clock", Kind.TIME);
    for (LocalTime t :
        List.of(
            LocalTime.MIDNIGHT,
            LocalTime.of(0, 0, 0, 1000),
            LocalTime.of(23, 59, 59, 999_999_000))) {
      one(clock, t);
    }
    assertEquals(
        List.of(LocalTime.of(1, 2, 3, 400_000_000)),
        new CopyTextParser(List.of(clock)).parse("01:02:03.4"));

    Column at = column("at", Kind.TIMESTAMP);
    for (String t :
        List.of(
            "2024-01-02T03:04:05.123456Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999999Z",
            "0000-12-31T23:59:59.999999Z",
            "-0043-03-15T12:00:00.000001Z",
            "9999-12-31T23:59:59.999999Z")) {
      one(at, Instant.parse(t));
    }
    CopyTextParser instants = new CopyTextParser(List.of(at));
    assertEquals(
        List.of(Instant.parse("0000-12-31T23:59:59.999999Z")),
        instants.parse("0001-12-31 23:59:59.999999+00 BC"));
    assertEquals(
        List.of(Instant.parse("2024-01-01T22:04:05Z")),
        instants.parse("2024-01-02 03:34:05+05:30"),
        "an offset from another session time zone still names the same instant");

    Column local = column("local", Kind.TIMESTAMP_LOCAL);
    for (LocalDateTime t :
        List.of(
            LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
            LocalDateTime.of(-43, 3, 15, 0, 0),
            LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1000))) {
      one(local, t);
    }
  }

  @Test
  void decodesEscapesTheServerAllowsButCopyTextNeverWrites() throws ValueRejected {
    CopyTextParser parser = new CopyTextParser(List.of(column("t", ColumnType.string(0))));
    assertEquals(List.of("a\bb"), parser.parse("a\\bb"));
    assertEquals(List.of("\f\u000b"), parser.parse("\\f\\v"));
    assertEquals(List.of("A"), parser.parse("\\101"));
    assertEquals(List.of("\u0001" + "8"), parser.parse("\\18"), "octal stops at a non-octal digit");
    assertEquals(List.of("\u00012"), parser.parse("\\0012"), "octal takes at most three digits");
    assertEquals(List.of("A"), parser.parse("\\x41"));
    assertEquals(List.of("\n"), parser.parse("\\xa"), "hex takes one digit too");
    assertEquals(List.of("A1"), parser.parse("\\x411"), "hex takes at most two digits");
    assertEquals(List.of("xg"), parser.parse("\\xg"), "\\x without a hex digit is an x");
    assertEquals(List.of("é"), parser.parse("\\303\\251"));
    assertEquals(List.of("é"), parser.parse("\\xc3\\xA9"));
    assertEquals(List.of("中"), parser.parse("\\xe4\\270\\xad"));
    assertEquals(List.of("q\"a"), parser.parse("\\q\\\"\\a"), "any other character is itself");
    assertEquals(List.of("a\tb"), parser.parse("a\\\tb"), "a backslash before a tab keeps it");

    CopyTextParser bytes = new CopyTextParser(List.of(column("data", Kind.BYTES)));
    assertArrayEquals(new byte[] {10, -1}, (byte[]) bytes.parse("\\\\x0AfF").get(0));
  }

  @Test
  void keepsOneInstanceUsableAcrossLines() throws ValueRejected {
    List<Column> two = List.of(column("t", ColumnType.string(0)), column("n", Kind.INT32));
    CopyTextParser parser = new CopyTextParser(two);
    String longText = "\\t".repeat(1000);
    assertEquals(List.of("\t".repeat(1000), 1), parser.parse(longText + "\t1"));
    assertEquals(List.of("x", 2), parser.parse("\\x78\t2"));
    assertEquals(Arrays.asList("plain", null), parser.parse("plain\t\\N"));
  }

  private static String rejected(List<Column> columns, byte[] line) {
    return assertThrows(
            ValueRejected.class, () -> new CopyTextParser(columns).parse(line, 0, line.length))
        .getMessage();
  }

  private static String rejected(List<Column> columns, String line) {
    return rejected(columns, line.getBytes(StandardCharsets.UTF_8));
  }

  private static String rejected(Column column, String field) {
    return rejected(List.of(column), field);
  }

  @Test
  void rejectsTheWrongNumberOfFields() {
    List<Column> two = List.of(column("a", Kind.INT32), column("b", ColumnType.string(0)));
    assertEquals("b: missing, the line has 1 fields for 2 columns: '1'", rejected(two, "1"));
    assertEquals(
        "b: extra data after the last column, the line has 3 fields for 2 columns: '1\tx\ty'",
        rejected(two, "1\tx\ty"));
    assertEquals(
        "b: extra data after the last column, the line has 3 fields for 2 columns: '1\t\t'",
        rejected(two, "1\t\t"));
    assertEquals(
        "b: the line ends in a lone backslash, as if cut short: '1\tx\\'", rejected(two, "1\tx\\"));
    // A line inside a larger buffer: counted and shown within its bounds only.
    byte[] buffer = "9\t9\t9\n1\t2\t3\n".getBytes(StandardCharsets.UTF_8);
    ValueRejected e =
        assertThrows(ValueRejected.class, () -> new CopyTextParser(two).parse(buffer, 6, 5));
    assertEquals(
        "b: extra data after the last column, the line has 3 fields for 2 columns: '1\t2\t3'",
        e.getMessage());
    assertEquals(
        "b: missing, the line has 1 fields for 2 columns: '1'",
        assertThrows(ValueRejected.class, () -> new CopyTextParser(two).parse(buffer, 6, 1))
            .getMessage());
  }

  @Test
  void rejectsValuesThatAreNotOfTheirKind() {
    assertEquals("n: 'abc' is not an integer", rejected(column("n", Kind.INT32), "abc"));
    assertEquals("n: '' is not an integer", rejected(column("n", Kind.INT32), ""));
    assertEquals("n: '1.5' is not an integer", rejected(column("n", Kind.INT64), "1.5"));
    assertEquals("n: '-' is not an integer", rejected(column("n", Kind.INT64), "-"));
    assertEquals(
        "n: '32768' is out of range for smallint", rejected(column("n", Kind.INT16), "32768"));
    assertEquals(
        "n: '2147483648' is out of range for integer",
        rejected(column("n", Kind.INT32), "2147483648"));
    assertEquals(
        "n: '9223372036854775808' is out of range for bigint",
        rejected(column("n", Kind.INT64), "9223372036854775808"));
    assertEquals(
        "n: '-92233720368547758080' is out of range for bigint",
        rejected(column("n", Kind.INT64), "-92233720368547758080"));
    assertEquals("f: 'yes' is not a boolean (t or f)", rejected(column("f", Kind.BOOLEAN), "yes"));
    assertEquals("x: 'one' is not a number", rejected(column("x", Kind.FLOAT64), "one"));
    assertEquals("x: '0x1p3' is not a number", rejected(column("x", Kind.FLOAT64), "0x1p3"));
    assertEquals("x: '1e' is not a number", rejected(column("x", Kind.FLOAT32), "1e"));
    assertEquals("x: '1e39' is out of range for real", rejected(column("x", Kind.FLOAT32), "1e39"));
    Column amount = column("amount", ColumnType.decimal(10, 2));
    assertEquals("amount: 'abc' is not a decimal", rejected(amount, "abc"));
    assertEquals("amount: 'NaN' is not a decimal", rejected(amount, "NaN"));
    assertEquals("amount: '1.2.3' is not a decimal", rejected(amount, "1.2.3"));
    Column day = column("day", Kind.DATE);
    assertEquals("day: '2024-02-30' is not a date", rejected(day, "2024-02-30"));
    assertEquals("day: '2024-13-01' is not a date", rejected(day, "2024-13-01"));
    assertEquals("day: '0000-01-01' is not a date", rejected(day, "0000-01-01"));
    assertEquals("day: '24-01-01' is not a date", rejected(day, "24-01-01"));
    assertEquals("day: '2024-01-01 AD' is not a date", rejected(day, "2024-01-01 AD"));
    assertEquals("day: 'infinity' is not a date", rejected(day, "infinity"));
    assertEquals(
        "clock: '24:00:00' is not a time", rejected(column("clock", Kind.TIME), "24:00:00"));
    assertEquals(
        "clock: '12:00:00.1234567' is not a time",
        rejected(column("clock", Kind.TIME), "12:00:00.1234567"));
    assertEquals(
        "at: '2024-01-02 03:04:05' is not a timestamp with a UTC offset",
        rejected(column("at", Kind.TIMESTAMP), "2024-01-02 03:04:05"));
    assertEquals(
        "local: '2024-01-02 03:04:05+00' is not a timestamp",
        rejected(column("local", Kind.TIMESTAMP_LOCAL), "2024-01-02 03:04:05+00"));
    Column data = column("data", Kind.BYTES);
    String hex = "is not bytes in hex (\\x followed by pairs of hex digits)";
    assertEquals("data: '\\x0g' " + hex, rejected(data, "\\\\x0g"));
    assertEquals("data: '\\x123' " + hex, rejected(data, "\\\\x123"));
    assertEquals("data: 'abc' " + hex, rejected(data, "abc"));
  }

  @Test
  void rejectsInvalidUtf8() {
    Column text = column("t", ColumnType.string(0));
    assertEquals(
        "t: 'ab\uFFFD' is not valid UTF-8 (byte 0xff at offset 2)",
        rejected(List.of(text), new byte[] {'a', 'b', (byte) 0xff}));
    assertEquals(
        "t: 'a\uFFFD' is not valid UTF-8 (byte 0xc3 at offset 1)",
        rejected(text, "a\\303"),
        "a character cut short by an escape");
    assertEquals(
        "t: '\uFFFD\uFFFD' is not valid UTF-8 (byte 0xc0 at offset 0)",
        rejected(text, "\\300\\201"),
        "an overlong encoding");
    assertEquals(
        "t: '\uFFFD' is not valid UTF-8 (byte 0xed at offset 0)",
        rejected(text, "\\xed\\xa0\\x80"),
        "an encoded UTF-16 surrogate");
    String message = rejected(column("doc", Kind.JSON), "x".repeat(100) + "\\377");
    assertEquals(
        "doc: '" + "x".repeat(60) + "…' is not valid UTF-8 (byte 0xff at offset 100)", message);
    assertTrue(message.length() < 120, message);
  }
}
