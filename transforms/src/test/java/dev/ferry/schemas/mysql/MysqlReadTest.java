package dev.ferry.schemas.mysql;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mysql.MysqlFixtures.Rejected;
import dev.ferry.schemas.mysql.MysqlFixtures.Rows;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every value of {@code mysql/values.sql} read back through the dialect's select expressions and
 * readers, in the columns' mapped types.
 */
@ExtendWith(MariaDbExtension.class)
class MysqlReadTest {

  private static TestDatabase db;
  private static Inventory inventory;

  @BeforeAll
  static void load(TestDatabase database) throws SQLException {
    db = database;
    MysqlFixtures.load(db, "values.sql");
    inventory = MysqlFixtures.inventory(db);
  }

  private static Rows read(String table) throws SQLException {
    return MysqlFixtures.read(db, inventory.table(table).orElseThrow(), ReadOptions.DEFAULT);
  }

  private static byte[] hex(String digits) {
    return HexFormat.of().parseHex(digits);
  }

  @Test
  void readsEveryIntegerAtItsLimits() throws SQLException {
    Rows rows = read("integers");
    assertEquals(
        asList(
            1,
            (short) -128,
            (short) 0,
            (short) -32768,
            0,
            -8388608,
            0,
            -2147483648,
            0L,
            Long.MIN_VALUE,
            BigDecimal.ZERO,
            0L),
        rows.rows().get(0));
    assertEquals(
        asList(
            2,
            (short) 127,
            (short) 255,
            (short) 32767,
            65535,
            8388607,
            16777215,
            2147483647,
            4294967295L,
            Long.MAX_VALUE,
            new BigDecimal("18446744073709551615"),
            42L), // zerofill pads the text with zeros: 000042
        rows.rows().get(1));
    assertEquals(
        asList(3, null, null, null, null, null, null, null, null, null, null, null),
        rows.rows().get(2));
  }

  @Test
  void readsBooleansAndBits() throws SQLException {
    Rows rows = read("booleans");
    assertEquals(asList(1, false, false, false), rows.rows().get(0).subList(0, 4));
    assertArrayEquals(hex("00"), (byte[]) rows.get(0, 4));
    assertArrayEquals(hex("0000000000000000"), (byte[]) rows.get(0, 5));
    assertEquals(asList(2, true, true, true), rows.rows().get(1).subList(0, 4));
    assertArrayEquals(hex("a5"), (byte[]) rows.get(1, 4));
    assertArrayEquals(hex("ffffffffffffffff"), (byte[]) rows.get(1, 5));
    // tinyint(1) holds -128..127; only 0 and 1 are booleans
    assertEquals(
        new Rejected(
            "2 is not a boolean (expected 0 or 1): cast the column to smallint to keep it"),
        rows.get(2, 1));
    assertEquals(
        new Rejected(
            "-1 is not a boolean (expected 0 or 1): cast the column to smallint to keep it"),
        rows.get(2, 2));
    assertEquals(asList(4, null, null, null, null, null), rows.rows().get(3));
  }

  @Test
  void readsDecimalsExactlyAndFloatsWithAllTheirDigits() throws SQLException {
    Rows rows = read("numbers");
    String wideMax = "99999999999999999999999999999999999.999999999999999999999999999999";
    assertEquals(
        asList(
            1,
            new BigDecimal("-99999999.99"),
            "-" + wideMax,
            new BigDecimal("-9999999999999999999999999999.9999999999"),
            -Float.MAX_VALUE,
            -1.0e8f, // float(10,2) cannot hold 99999999.99: MySQL stored the nearest float
            -Double.MAX_VALUE),
        rows.rows().get(0));
    assertEquals(
        asList(
            2,
            new BigDecimal("99999999.99"),
            wideMax,
            new BigDecimal("9999999999999999999999999999.9999999999"),
            Float.MAX_VALUE,
            1.0e8f,
            Double.MAX_VALUE),
        rows.rows().get(1));
    assertEquals(
        asList(
            3,
            new BigDecimal("0.01"),
            "0.000000000000000000000000000001",
            new BigDecimal("0.0000000001"),
            Float.MIN_VALUE,
            0.01f,
            Double.MIN_VALUE),
        rows.rows().get(2));
    assertEquals(
        asList(
            4,
            new BigDecimal("0.00"),
            "0.000000000000000000000000000000",
            new BigDecimal("0E-10"),
            0.1f,
            0.1f,
            0.1),
        rows.rows().get(3));
    // 16777217 is stored as the float 16777216; the server's own text would say 16777200
    assertEquals(16777216f, rows.get(5, 4));
    assertEquals(Double.MIN_NORMAL, rows.get(5, 6));
    assertEquals(asList(7, null, null, null, null, null, null), rows.rows().get(6));
  }

  @Test
  void keepsDecimalsWiderThan38DigitsAsPostgresNumeric() {
    Column wide = inventory.table("numbers").orElseThrow().column("wide").orElseThrow();
    assertEquals("numeric(65,30)", wide.pgType());
    assertEquals("text", wide.type().toString());
  }

  @Test
  void readsDatesAndTimesWithMicrosecondsAndZeroDatesAsNull() throws SQLException {
    Rows rows = read("dates");
    assertEquals(
        asList(
            1,
            LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 2, 29, 13, 14, 15),
            LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000),
            Instant.parse("2024-02-29T13:14:15.123456Z"),
            LocalTime.of(13, 14, 15, 123_456_000),
            (short) 2024),
        rows.rows().get(0));
    assertEquals(
        asList(
            2,
            LocalDate.of(1000, 1, 1),
            LocalDateTime.of(1000, 1, 1, 0, 0),
            LocalDateTime.of(1000, 1, 1, 0, 0),
            Instant.parse("1970-01-01T00:00:01Z"),
            LocalTime.MIDNIGHT,
            (short) 1901),
        rows.rows().get(1));
    assertEquals(
        asList(
            3,
            LocalDate.of(9999, 12, 31),
            LocalDateTime.of(9999, 12, 31, 23, 59, 59),
            LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
            Instant.parse("2038-01-19T03:14:07.999999Z"),
            LocalTime.of(23, 59, 59, 999_999_000),
            (short) 2155),
        rows.rows().get(2));
    // zero dates and dates with a zero month or day: NULL, reported per column
    assertEquals(asList(4, null, null, null, null), rows.rows().get(3).subList(0, 5));
    assertEquals(asList(5, null, null, null, null), rows.rows().get(4).subList(0, 5));
    assertEquals(List.of("d", "dt", "dt6", "ts", "d", "dt", "dt6"), rows.zeroDates());
    // year 0 is MySQL's zero year, kept as 0
    assertEquals((short) 0, rows.get(3, 6));
    // year 0 with a real month and day is a date (1 BC), not a zero date
    assertEquals(LocalDate.of(0, 1, 1), rows.get(5, 1));
    assertEquals(asList(7, null, null, null, null, null, null), rows.rows().get(6));
  }

  @Test
  void rejectsTimesOutsideADay() throws SQLException {
    Rows rows = read("dates");
    String why =
        "' is not a time of day (00:00:00 to 23:59:59.999999): MySQL's time also holds"
            + " durations; cast the column to text to keep them";
    assertEquals(new Rejected("'838:59:59.000000" + why), rows.get(3, 5));
    assertEquals(new Rejected("'-838:59:59.000000" + why), rows.get(4, 5));
    assertEquals(new Rejected("'24:00:00.000000" + why), rows.get(5, 5));
  }

  @Test
  void readsTextAsUtf8WithEmojiNulAndEscapes() throws SQLException {
    Rows rows = read("texts");
    assertEquals(
        asList(
            1,
            "ab", // CHAR drops its trailing blanks
            "café",
            "emoji 😀 and 中文",
            "ÿé", // a latin1 column arrives converted to UTF-8
            "b,c",
            "{\"x\",\"w\\\"v\"}",
            "{\"a\": [1, 2.50, \"😀\"]}"),
        rows.rows().get(0));
    assertEquals(asList(2, "", "", "", "", "it's", "{}", "null"), rows.rows().get(1));
    assertEquals(
        asList(
            3,
            "x",
            "a\0b",
            "tab\there\nnew line",
            "plain",
            "back\\slash",
            "{\"y'z\",\"back\\\\slash\",\"{}\"}",
            "[]"),
        rows.rows().get(2));
    assertEquals(
        asList(
            4,
            null,
            null,
            null,
            null,
            new Rejected(
                "'' is not one of the enum's labels: MySQL stored it for an invalid value"
                    + " inserted without strict mode"),
            null,
            null),
        rows.rows().get(3));
    assertEquals(
        asList(5, null, "ten chars!", null, null, "say \"hi\"", "{\"x\"}", "\"text\""),
        rows.rows().get(4));
  }

  @Test
  void mapsEnumsWithTheirLabelsAndSetsToTextArrays() {
    Table texts = inventory.table("texts").orElseThrow();
    assertEquals(
        List.of("a", "b,c", "it's", "back\\slash", "say \"hi\""),
        texts.column("e").orElseThrow().enumValues());
    assertEquals("text[]", texts.column("s").orElseThrow().pgType());
    assertEquals("json", texts.column("j").orElseThrow().type().toString());
  }

  @Test
  void readsBinaryAsBytes() throws SQLException {
    Rows rows = read("binaries");
    assertArrayEquals(hex("00010203"), (byte[]) rows.get(0, 1));
    assertArrayEquals(new byte[0], (byte[]) rows.get(0, 2));
    assertArrayEquals(hex("deadbeef"), (byte[]) rows.get(0, 3));
    assertArrayEquals(hex("123e4567e89b12d3a456426655440000"), (byte[]) rows.get(0, 4));
    assertArrayEquals(hex("61000000"), (byte[]) rows.get(1, 1), "binary(4) pads with zero bytes");
    assertArrayEquals(hex("61c328"), (byte[]) rows.get(1, 2), "not UTF-8, and bytes need not be");
    assertEquals(asList(3, null, null, null, null), rows.rows().get(2));
  }

  @Test
  void readsGeometryAsWktWithItsSrid() throws SQLException {
    Rows rows = read("shapes");
    assertEquals(
        asList(1, "POLYGON((0 0,4 0,4 4,0 0))", "SRID=4326;POINT(1.5 -2)"), rows.rows().get(0));
    assertEquals(asList(2, "SRID=3857;LINESTRING(0 0,1 1)", null), rows.rows().get(1));
  }

  @Test
  void readsMariaDbUuidAndInetTypes() throws SQLException {
    Rows rows = read("mariadb_types");
    assertEquals(
        asList(1, "123e4567-e89b-12d3-a456-426655440000", "192.168.0.1", "2001:db8::1"),
        rows.rows().get(0));
    assertEquals(asList(2, null, null, "::ffff:10.0.0.1"), rows.rows().get(1));
    Table t = inventory.table("mariadb_types").orElseThrow();
    assertEquals("uuid", t.column("u").orElseThrow().type().toString());
    assertEquals("inet", t.column("i6").orElseThrow().pgType());
  }
}
