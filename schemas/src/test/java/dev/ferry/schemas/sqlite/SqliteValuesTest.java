package dev.ferry.schemas.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.ValueRejected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqliteValuesTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final byte[] LATIN1_CAFE = {'c', 'a', 'f', (byte) 0xE9};

  private static Object convert(Object stored, ColumnType type) throws ValueRejected {
    return SqliteValues.convert(stored, type, UTC, Utf8.Policy.REJECT);
  }

  private static String rejected(Object stored, ColumnType type) {
    return assertThrows(ValueRejected.class, () -> convert(stored, type)).getMessage();
  }

  private static ColumnType of(Kind kind) {
    return ColumnType.of(kind);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void nullStaysNullForEveryKind(Kind kind) throws ValueRejected {
    ColumnType type = kind == Kind.DECIMAL ? ColumnType.decimal(10, 2) : of(kind);
    assertNull(SqliteValues.convert(null, type, UTC, Utf8.Policy.REJECT));
  }

  @Test
  void integerStorageClass() throws ValueRejected {
    assertEquals((short) 7, convert(7L, of(Kind.INT16)));
    assertEquals(7, convert(7L, of(Kind.INT32)));
    assertEquals(7L, convert(7L, of(Kind.INT64)));
    assertEquals(7.0f, convert(7L, of(Kind.FLOAT32)));
    assertEquals(7.0, convert(7L, of(Kind.FLOAT64)));
    assertEquals(new BigDecimal("7.00"), convert(7L, ColumnType.decimal(10, 2)));
    assertEquals(true, convert(1L, of(Kind.BOOLEAN)));
    assertEquals(false, convert(0L, of(Kind.BOOLEAN)));
    assertEquals("7", convert(7L, ColumnType.string(0)));
    assertTrue(rejected(2L, of(Kind.BOOLEAN)).contains("not a boolean"));
    assertTrue(rejected(70_000L, of(Kind.INT16)).contains("out of range for smallint"));
    assertTrue(rejected(1L << 40, of(Kind.INT32)).contains("out of range for int"));
    assertTrue(rejected(123456L, ColumnType.decimal(4, 0)).contains("too many digits"));
    assertTrue(rejected(123456L, ColumnType.string(5)).contains("varchar(5)"));
  }

  @Test
  void driverIntegersAreConvertedLikeLongs() throws ValueRejected {
    // sqlite-jdbc hands back Integer when the value fits
    assertEquals(7L, convert(7, of(Kind.INT64)));
    assertEquals((short) 7, convert(7, of(Kind.INT16)));
    assertEquals(true, convert(1, of(Kind.BOOLEAN)));
    assertTrue(rejected(40_000, of(Kind.INT16)).contains("out of range"));
  }

  @Test
  void integersInDateColumnsGetTheEpochHint() {
    for (Kind kind : List.of(Kind.DATE, Kind.TIME, Kind.TIMESTAMP, Kind.TIMESTAMP_LOCAL)) {
      String message = rejected(1_700_000_000L, of(kind));
      assertTrue(message.contains("Unix epoch"), message);
      assertTrue(message.contains("cast it to bigint"), message);
    }
    assertTrue(rejected(1, of(Kind.UUID)).contains("is not a uuid"));
    assertTrue(rejected(1, of(Kind.JSON)).contains("is not a json"));
    assertTrue(rejected(1, of(Kind.BYTES)).contains("is not a bytes"));
  }

  @Test
  void realStorageClass() throws ValueRejected {
    assertEquals(2.5, convert(2.5, of(Kind.FLOAT64)));
    assertEquals(2.5f, convert(2.5, of(Kind.FLOAT32)));
    assertEquals(3L, convert(3.0, of(Kind.INT64)));
    assertEquals((short) 3, convert(3.0, of(Kind.INT16)));
    assertEquals(new BigDecimal("2.50"), convert(2.5, ColumnType.decimal(10, 2)));
    assertEquals("2.5", convert(2.5, ColumnType.string(0)));
    assertTrue(rejected(2.5, of(Kind.INT64)).contains("not an integer"));
    assertTrue(rejected(2.125, ColumnType.decimal(10, 2)).contains("decimal(10,2)"));
    assertTrue(rejected(Double.NaN, of(Kind.INT32)).contains("not a finite number"));
    assertTrue(rejected(1.0, of(Kind.BOOLEAN)).contains("not a boolean"));
    assertTrue(rejected(1e300, of(Kind.FLOAT32)).contains("out of range for real"));
    assertTrue(rejected(2460000.5, of(Kind.DATE)).contains("Unix epoch"));
  }

  @Test
  void textStorageClass() throws ValueRejected {
    assertEquals(42, convert(" 42 ", of(Kind.INT32)));
    assertEquals(true, convert("yes", of(Kind.BOOLEAN)));
    assertEquals(1.5, convert("1.5", of(Kind.FLOAT64)));
    assertEquals(new BigDecimal("1.50"), convert("1.5", ColumnType.decimal(4, 2)));
    assertEquals("  kept  ", convert("  kept  ", ColumnType.string(0)));
    assertEquals("{\"a\":1}", convert("{\"a\":1}", of(Kind.JSON)));
    assertEquals(
        "123e4567-e89b-12d3-a456-426614174000",
        convert("123E4567-E89B-12D3-A456-426614174000", of(Kind.UUID)));
    assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), (byte[]) convert("é", of(Kind.BYTES)));
    assertEquals(LocalDate.of(2024, 2, 29), convert("2024-02-29", of(Kind.DATE)));
    assertEquals(LocalTime.of(8, 30, 0, 123_000), convert("08:30:00.000123", of(Kind.TIME)));
    assertEquals(
        Instant.parse("2024-07-01T10:00:00Z"),
        SqliteValues.convert("2024-07-01 12:00:00", of(Kind.TIMESTAMP), PARIS, Utf8.Policy.REJECT));
    assertEquals(
        LocalDateTime.of(2024, 7, 1, 12, 0),
        SqliteValues.convert(
            "2024-07-01 12:00:00", of(Kind.TIMESTAMP_LOCAL), PARIS, Utf8.Policy.REJECT));
    assertTrue(rejected("yesterday", of(Kind.DATE)).contains("is not a date/time"));
    assertTrue(rejected("2024", of(Kind.TIMESTAMP)).contains("is not a date/time"));
    assertTrue(rejected("abc", of(Kind.INT64)).contains("is not an integer"));
    assertTrue(rejected("{", of(Kind.JSON)).contains("not valid JSON"));
  }

  @Test
  void blobsIntoBytesAreKept() throws ValueRejected {
    byte[] blob = {0, 1, (byte) 0xFF};
    assertSame(blob, convert(blob, of(Kind.BYTES)));
    assertSame(
        LATIN1_CAFE, SqliteValues.convert(LATIN1_CAFE, of(Kind.BYTES), UTC, Utf8.Policy.REJECT));
  }

  @Test
  void blobsIntoTextAreDecodedStrictly() throws ValueRejected {
    byte[] utf8 = "café 😀".getBytes(StandardCharsets.UTF_8);
    assertEquals("café 😀", convert(utf8, ColumnType.string(0)));
    assertEquals("café 😀", convert(utf8, ColumnType.string(6)));
    assertTrue(rejected(utf8, ColumnType.string(5)).contains("longer than varchar(5)"));
    assertEquals("[1]", convert("[1]".getBytes(StandardCharsets.UTF_8), of(Kind.JSON)));
    assertEquals(
        "123e4567-e89b-12d3-a456-426614174000",
        convert(
            "123e4567-e89b-12d3-a456-426614174000".getBytes(StandardCharsets.UTF_8),
            of(Kind.UUID)));
  }

  @Test
  void invalidUtf8BlobIsRejectedUnderReject() {
    for (ColumnType type : List.of(ColumnType.string(0), of(Kind.JSON), of(Kind.UUID))) {
      ValueRejected e =
          assertThrows(
              ValueRejected.class,
              () -> SqliteValues.convert(LATIN1_CAFE, type, UTC, Utf8.Policy.REJECT));
      assertEquals("text is not valid UTF-8 (bad byte at offset 3)", e.getMessage());
    }
  }

  @Test
  void invalidUtf8BlobIsRepairedUnderReplace() throws ValueRejected {
    assertEquals(
        "caf\uFFFD",
        SqliteValues.convert(LATIN1_CAFE, ColumnType.string(0), UTC, Utf8.Policy.REPLACE));
    // replaced text still has to be what the column holds
    byte[] badJson = {'"', (byte) 0xE9, '"'};
    assertEquals(
        "\"\uFFFD\"", SqliteValues.convert(badJson, of(Kind.JSON), UTC, Utf8.Policy.REPLACE));
    assertThrows(
        ValueRejected.class,
        () -> SqliteValues.convert(LATIN1_CAFE, of(Kind.UUID), UTC, Utf8.Policy.REPLACE));
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {"STRING", "JSON", "UUID", "BYTES"},
      mode = EnumSource.Mode.EXCLUDE)
  void blobsIntoOtherKindsAreRejected(Kind kind) {
    ColumnType type = kind == Kind.DECIMAL ? ColumnType.decimal(10, 2) : of(kind);
    String message = rejected(new byte[] {'4', '2'}, type);
    assertEquals("binary value of 2 bytes is not a " + type, message);
  }

  @Test
  void unexpectedClassesAreRejected() {
    assertTrue(
        rejected(new Object(), of(Kind.INT64)).contains("unexpected stored value of class Object"));
    assertTrue(rejected(Boolean.TRUE, of(Kind.BOOLEAN)).contains("Boolean"));
  }

  /** What sqlite-jdbc really returns for each storage class goes through the same conversion. */
  @Test
  void valuesAsTheDriverReturnsThem() throws SQLException, ValueRejected {
    List<Object> stored = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t (i, big, r, txt, b)");
      s.executeUpdate(
          "INSERT INTO t VALUES (42, 9000000000, 2.5, '2024-02-29', CAST('café' AS BLOB))");
      try (ResultSet rs = s.executeQuery("SELECT i, big, r, txt, b FROM t")) {
        rs.next();
        for (int i = 1; i <= 5; i++) {
          stored.add(rs.getObject(i));
        }
      }
    }
    assertEquals(42, convert(stored.get(0), of(Kind.INT32)));
    assertEquals(9_000_000_000L, convert(stored.get(1), of(Kind.INT64)));
    assertTrue(rejected(stored.get(1), of(Kind.INT32)).contains("out of range"));
    assertEquals(2.5, convert(stored.get(2), of(Kind.FLOAT64)));
    assertEquals(LocalDate.of(2024, 2, 29), convert(stored.get(3), of(Kind.DATE)));
    assertEquals("café", convert(stored.get(4), ColumnType.string(0)));
  }
}
