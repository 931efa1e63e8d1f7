package dev.ferry.schemas.mysql;

import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mysql.MysqlFixtures.Rejected;
import dev.ferry.schemas.mysql.MysqlFixtures.Rows;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Columns cast to another logical type, as a job's {@code casts} does: each reader takes the value
 * in the form its source type arrives in and converts it to the cast type, strictly.
 */
@ExtendWith(MariaDbExtension.class)
class MysqlCastReadTest {

  private static final ReadOptions PARIS = new ReadOptions("Europe/Paris", Utf8.Policy.REJECT);

  private static TestDatabase db;
  private static Inventory inventory;

  @BeforeAll
  static void load(TestDatabase database) throws SQLException {
    db = database;
    MysqlFixtures.load(db, "values.sql");
    inventory = MysqlFixtures.inventory(db);
  }

  /** The values of {@code column} in every row of {@code table}, cast to {@code type}. */
  private static List<Object> castColumn(String table, String column, String type)
      throws SQLException {
    return castColumn(table, column, type, ReadOptions.DEFAULT);
  }

  private static List<Object> castColumn(
      String table, String column, String type, ReadOptions options) throws SQLException {
    Table t = MysqlFixtures.cast(inventory.table(table).orElseThrow(), column, type);
    int index = t.columns().indexOf(t.column(column).orElseThrow());
    Rows rows = MysqlFixtures.read(db, t, options);
    return rows.rows().stream().map(r -> r.get(index)).toList();
  }

  @Test
  void tinyint1CastToSmallintKeepsEveryValue() throws SQLException {
    assertEquals(
        asList((short) 0, (short) 1, (short) 2, null), castColumn("booleans", "t1", "smallint"));
  }

  @Test
  void datetimeCastToTextOrToAnInstantInTheSourceZone() throws SQLException {
    assertEquals(
        asList(
            "2024-02-29 13:14:15.123456",
            "1000-01-01 00:00:00.000000",
            "9999-12-31 23:59:59.999999",
            null,
            null,
            null,
            null),
        castColumn("dates", "dt6", "text"));
    assertEquals(
        Instant.parse("2024-02-29T12:14:15.123456Z"),
        castColumn("dates", "dt6", "timestamp", PARIS).get(0));
  }

  @Test
  void timestampCastToWallClockOrText() throws SQLException {
    assertEquals(
        LocalDateTime.parse("2024-02-29T14:14:15.123456"),
        castColumn("dates", "ts", "timestamp_local", PARIS).get(0));
    assertEquals("2024-02-29 13:14:15.123456Z", castColumn("dates", "ts", "text").get(0));
  }

  @Test
  void timeCastToTextKeepsDurations() throws SQLException {
    assertEquals(
        asList(
            "13:14:15.123456",
            "00:00:00.000000",
            "23:59:59.999999",
            "838:59:59.000000",
            "-838:59:59.000000",
            "24:00:00.000000",
            null),
        castColumn("dates", "tm", "text"));
  }

  @Test
  void unsignedBigintCastToBigintRejectsWhatDoesNotFit() throws SQLException {
    List<Object> values = castColumn("integers", "bu", "bigint");
    assertEquals(0L, values.get(0));
    assertEquals(
        new Rejected("18446744073709551615 is not an integer in range for bigint"), values.get(1));
  }

  @Test
  void decimalCastsAreExact() throws SQLException {
    List<Object> wide = castColumn("numbers", "wide", "decimal(38,2)");
    assertEquals(
        new Rejected(
            "99999999999999999999999999999999999.999999999999999999999999999999 has more than 2"
                + " decimal places for decimal(38,2)"),
        wide.get(1));
    assertEquals(
        new Rejected(
            "0.000000000000000000000000000001 has more than 2 decimal places for decimal(38,2)"),
        wide.get(2));
    assertEquals(new BigDecimal("0.00"), wide.get(3));
    assertEquals(-99999999.99, castColumn("numbers", "d", "double").get(0));
  }

  @Test
  void floatCastsUseTheFloatsShortestDecimal() throws SQLException {
    assertEquals(new BigDecimal("0.10"), castColumn("numbers", "f", "decimal(10,2)").get(3));
    assertEquals("0.1", castColumn("numbers", "f", "text").get(3));
    assertEquals((double) 0.1f, castColumn("numbers", "f", "double").get(3));
  }

  @Test
  void bitsCastToIntegersAndText() throws SQLException {
    assertEquals(asList(0, 165, 1, null), castColumn("booleans", "b8", "int"));
    assertEquals(
        asList("00000000", "10100101", "00000001", null), castColumn("booleans", "b8", "text"));
    assertEquals(
        new BigDecimal("18446744073709551615"),
        castColumn("booleans", "b64", "decimal(20,0)").get(1));
    assertEquals(
        new Rejected("18446744073709551615 is not an integer in range for bigint"),
        castColumn("booleans", "b64", "bigint").get(1));
  }

  @Test
  void binaryCastToTextDecodesStrictlyOrReplaces() throws SQLException {
    assertEquals(
        asList("", new Rejected("text is not valid UTF-8 (bad byte at offset 1)"), null),
        castColumn("binaries", "vb", "text"));
    assertEquals(
        asList("", "a\uFFFD(", null),
        castColumn("binaries", "vb", "text", new ReadOptions("UTC", Utf8.Policy.REPLACE)));
    assertEquals("héllo", castColumn("binaries", "bl", "text").get(1));
  }

  @Test
  void binary16CastToUuid() throws SQLException {
    assertEquals(
        asList("123e4567-e89b-12d3-a456-426655440000", null, null),
        castColumn("binaries", "u16", "uuid"));
  }

  @Test
  void setCastToTextOrJson() throws SQLException {
    assertEquals("x,w\"v", castColumn("texts", "s", "text").get(0));
    assertEquals("[\"x\",\"w\\\"v\"]", castColumn("texts", "s", "json").get(0));
    assertEquals("[]", castColumn("texts", "s", "json").get(1));
  }

  @Test
  void textCastToShorterVarcharRejectsLongerValues() throws SQLException {
    List<Object> values = castColumn("texts", "v", "varchar(3)");
    assertEquals(new Rejected("text of 4 characters is longer than varchar(3)"), values.get(0));
    assertEquals("", values.get(1));
  }

  @Test
  void geometryCastToBytesIsWkb() throws SQLException {
    byte[] wkb = (byte[]) castColumn("shapes", "p", "bytes").get(0);
    // little-endian WKB point (type 1) with x = 1.5, y = -2
    assertArrayEquals(HexFormat.of().parseHex("0101000000000000000000f83f00000000000000c0"), wkb);
  }

  @Test
  void yearCastToText() throws SQLException {
    assertEquals(
        asList("2024", "1901", "2155", "0000", null, null, null), castColumn("dates", "y", "text"));
  }

  /**
   * A utf8mb4 column can hold bytes that are not UTF-8 when they were written before the server
   * checked (old versions, {@code SET NAMES binary}); the server passes them through unconverted.
   * The text reader takes raw bytes, so it sees them: here the bytes come from a varbinary column
   * read as a varchar's values.
   */
  @Test
  void textReaderSeesBytesThatAreNotUtf8() throws SQLException {
    Column text = new Column("vb", "varchar(20)", ColumnType.string(20), true, null);
    List<Object> strict = readRaw(text, ReadOptions.DEFAULT);
    List<Object> repaired = readRaw(text, new ReadOptions("UTC", Utf8.Policy.REPLACE));
    assertEquals(
        asList("", new Rejected("text is not valid UTF-8 (bad byte at offset 1)"), null), strict);
    assertEquals(asList("", "a\uFFFD(", null), repaired);
  }

  private static List<Object> readRaw(Column column, ReadOptions options) throws SQLException {
    ColumnReader reader = MysqlDialect.INSTANCE.reader(column, options);
    List<Object> values = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      MysqlDialect.INSTANCE.prepareRead(c, s);
      try (ResultSet rs = s.executeQuery("SELECT vb FROM binaries ORDER BY id")) {
        while (rs.next()) {
          try {
            values.add(reader.read(rs, 1, col -> {}));
          } catch (ValueRejected e) {
            values.add(new Rejected(e.getMessage()));
          }
        }
      }
    }
    return values;
  }
}
