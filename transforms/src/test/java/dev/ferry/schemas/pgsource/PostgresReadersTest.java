package dev.ferry.schemas.pgsource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.Rows.Rejected;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every type family of {@code pgsource/values.sql} read by the dialect's readers from a real
 * PostgreSQL 17: the values, the rejections, and columns cast to another logical type.
 */
@ExtendWith(PostgresExtension.class)
class PostgresReadersTest {

  private static final String KEEP = "; cast the column to text in the job to keep it";

  private static JdbcLogin login;
  private static Inventory inventory;
  private static List<Map<String, Object>> every;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    Fixtures.load(db, "catalog");
    Fixtures.load(db, "values");
    login = Fixtures.login(db);
    inventory = Fixtures.inventory(login);
    every = Rows.read(login, table("every_type"), ReadOptions.DEFAULT);
  }

  private static Table table(String name) {
    return inventory.table(name).orElseThrow();
  }

  private static Object value(int id, String column) {
    return every.get(id - 1).get(column);
  }

  @Test
  void readsIntegersAtTheirLimits() {
    assertEquals(Boolean.TRUE, value(1, "c_bool"));
    assertEquals(Boolean.FALSE, value(2, "c_bool"));
    assertEquals((short) 32767, value(1, "c_int2"));
    assertEquals((short) -32768, value(2, "c_int2"));
    assertEquals(Integer.MAX_VALUE, value(1, "c_int4"));
    assertEquals(Integer.MIN_VALUE, value(2, "c_int4"));
    assertEquals(Long.MAX_VALUE, value(1, "c_int8"));
    assertEquals(Long.MIN_VALUE, value(2, "c_int8"));
  }

  @Test
  void readsFloatsExactlyWithNanAndInfinities() {
    assertEquals(Float.MAX_VALUE, value(1, "c_real"));
    assertEquals(Double.MAX_VALUE, value(1, "c_double"));
    assertEquals(Float.NEGATIVE_INFINITY, value(2, "c_real"));
    assertEquals(Double.NaN, value(2, "c_double"));
    assertEquals(Float.NaN, value(4, "c_real"));
    assertEquals(Double.POSITIVE_INFINITY, value(4, "c_double"));
    assertEquals(Float.MIN_VALUE, value(5, "c_real"), "the smallest subnormal real");
    assertEquals(Double.MIN_VALUE, value(5, "c_double"), "the smallest subnormal double");
    assertEquals(Float.POSITIVE_INFINITY, value(6, "c_real"));
    assertEquals(-0.0d, value(6, "c_double"));
    assertEquals(
        Double.doubleToRawLongBits(-0.0d),
        Double.doubleToRawLongBits((Double) value(6, "c_double")));
  }

  @Test
  void readsNumericsAsDecimalsOrText() {
    assertEquals(new BigDecimal("9999999999999999999999999999.9999999999"), value(1, "c_num"));
    assertEquals(new BigDecimal("-9999999999999999999999999999.9999999999"), value(2, "c_num"));
    assertEquals(
        "123456789012345678901234567890.123456789012345678901234567890123456789",
        value(1, "c_num_free"));
    assertEquals("NaN", value(2, "c_num_free"), "unconstrained numeric keeps NaN as text");
    assertEquals("1234567890123456789012345678901234567890.0123456789", value(1, "c_num_wide"));
    assertEquals(new BigDecimal("19.99"), value(1, "c_price"), "a domain over numeric(10,2)");
    assertEquals(42, value(1, "c_small"), "a domain over a domain over integer");
    assertEquals("1234.56", value(1, "c_money"), "money as numeric text, whatever lc_monetary");
    assertEquals("-92233720368547758.08", value(2, "c_money"));
  }

  @Test
  void readsTextAsStored() {
    assertEquals("héllo 🎉 \"quoted\"\ttab\nline \\ back", value(1, "c_text"));
    assertEquals("ten chars!", value(1, "c_varchar"));
    assertEquals("free", value(1, "c_varchar_free"));
    assertEquals("ab   ", value(1, "c_char"), "char(n) keeps its padding");
    assertEquals("", value(2, "c_text"), "empty text is not NULL");
    assertEquals("     ", value(2, "c_char"));
    assertEquals("MiXeD", value(1, "c_citext"));
  }

  @Test
  void readsEveryByteOfBytea() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    assertArrayEquals(all, (byte[]) value(1, "c_bytea"));
    assertArrayEquals(new byte[0], (byte[]) value(2, "c_bytea"));
  }

  @Test
  void readsUuidAndJsonAsText() {
    assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", value(1, "c_uuid"));
    assertEquals(
        "{\"b\":1,  \"a\":[1,2], \"b\":2}", value(1, "c_json"), "json keeps its text exactly");
    assertEquals("{\"a\": 2, \"b\": 1}", value(1, "c_jsonb"));
  }

  @Test
  void readsDatesAndTimesWithMicroseconds() {
    assertEquals(LocalDate.of(2024, 2, 29), value(1, "c_date"));
    assertEquals(LocalDate.of(1, 1, 1), value(2, "c_date"));
    assertEquals(LocalTime.of(23, 59, 59, 999_999_000), value(1, "c_time"));
    assertEquals(LocalTime.MIDNIGHT, value(2, "c_time"));
    assertEquals(LocalTime.of(12, 34, 56, 789_000_000), value(1, "c_time3"));
    assertEquals("10:11:12.5+02", value(1, "c_timetz"), "timetz travels as text");
    assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000), value(1, "c_ts"));
    assertEquals(LocalDateTime.of(1, 1, 1, 0, 0), value(2, "c_ts"));
    assertEquals(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_000_000), value(1, "c_ts3"));
    assertEquals(Instant.parse("2024-06-30T20:15:01.123456Z"), value(1, "c_tstz"));
    assertEquals(Instant.EPOCH, value(2, "c_tstz"));
  }

  @Test
  void readsKeptTypesAsPostgresText() {
    assertEquals("1 year 2 mons 3 days 04:05:06.789", value(1, "c_interval"));
    assertEquals("192.168.0.1/24", value(1, "c_inet"));
    assertEquals("10.0.0.0/8", value(1, "c_cidr"));
    assertEquals("08:00:2b:01:02:03", value(1, "c_macaddr"));
    assertEquals("happy", value(1, "c_mood"));
    assertEquals("{sad,happy}", value(1, "c_moods"));
    assertEquals("amber", value(1, "c_light"));
    assertEquals("{1,NULL,3}", value(1, "c_ints"));
    assertEquals("{{1,2},{NULL,4}}", value(1, "c_grid"));
    assertEquals("{\"a\\\"b\",\"c d\",NULL,\"NULL\",\"\",\"back\\\\slash\"}", value(1, "c_texts"));
    assertEquals("<a x=\"1\">t</a>", value(1, "c_xml"));
    assertEquals("'cats' 'fat'", value(1, "c_tsv"));
    assertEquals("10110", value(1, "c_varbit"));
    assertEquals("101", value(1, "c_bit"));
    assertEquals("[1,10)", value(1, "c_range"));
    assertEquals("(1.5,-2)", value(1, "c_point"));
    assertEquals("\"a\"=>\"1\", \"b\"=>NULL", value(1, "c_hstore"));
    assertEquals("(\"Main St\",Town)", value(1, "c_address"));
  }

  @Test
  void readsNullAsNullInEveryColumn() {
    List<String> notNull = new ArrayList<>();
    every
        .get(2)
        .forEach(
            (column, v) -> {
              if (v != null && !column.equals("id") && !column.equals("c_small")) {
                notNull.add(column);
              }
            });
    assertEquals(List.of(), notNull);
  }

  @Test
  void rejectsWhatNoLogicalTypeHoldsWithAReason() throws Exception {
    List<Map<String, Object>> odd = Rows.read(login, table("odd_values"), ReadOptions.DEFAULT);
    assertEquals(
        new Rejected("'infinity' is not a point in time that date holds" + KEEP),
        odd.get(0).get("d"));
    assertEquals(
        new Rejected("'-infinity' is not a point in time that timestamp_local holds" + KEEP),
        odd.get(0).get("ts"));
    assertEquals(
        new Rejected("'infinity' is not a point in time that timestamp holds" + KEEP),
        odd.get(0).get("tstz"));
    assertEquals(
        new Rejected("'24:00:00' (the end of the day) is not a time of day that time holds" + KEEP),
        odd.get(0).get("t"));
    assertEquals(
        new Rejected("'NaN' is not a number that decimal(10,2) holds" + KEEP), odd.get(0).get("n"));
    assertEquals("Infinity", odd.get(0).get("n_free"), "unconstrained numeric is text");
    // BC on the proleptic calendar: 44 BC is year -43, 1 BC year 0 (PostgreSQL has no year 0)
    assertEquals(java.time.LocalDate.of(-43, 3, 15), odd.get(1).get("d"));
    assertEquals(java.time.LocalDateTime.of(0, 12, 31, 23, 0), odd.get(1).get("ts"));
    assertEquals(
        new Rejected(
            "'10000-01-01 00:00:00+00' is after year 9999, which timestamp does not hold" + KEEP),
        odd.get(1).get("tstz"));
    assertEquals(
        new Rejected("'10000-01-01' is after year 9999, which date does not hold" + KEEP),
        odd.get(2).get("d"));
    assertEquals(new BigDecimal("1.50"), odd.get(1).get("n"));
  }

  @Test
  void readsCastColumnsInTheirNewType() throws Exception {
    Table odd =
        cast(
            table("odd_values"),
            Map.of(
                "n_free", "decimal(10,2)",
                "ts", "timestamp",
                "tstz", "timestamp_local",
                "t", "text",
                "n", "bigint"));
    List<Map<String, Object>> rows =
        Rows.read(login, odd, new ReadOptions("Europe/Berlin", Utf8.Policy.REJECT));
    assertEquals(
        new Rejected("'Infinity' is not a number that decimal(10,2) holds" + KEEP),
        rows.get(0).get("n_free"));
    assertEquals(new BigDecimal("1.50"), rows.get(1).get("n_free"));
    assertEquals(
        new Rejected("0.00000000000000000001 has more than 2 decimal places for decimal(10,2)"),
        rows.get(2).get("n_free"));
    assertEquals("24:00:00", rows.get(0).get("t"), "kept as text once cast to text");
    assertEquals(new Rejected("1.50 is not an integer in range for bigint"), rows.get(1).get("n"));
    assertEquals(0L, rows.get(2).get("n"));
    assertEquals(
        new Rejected(
            "'2024-03-31 02:30:00' does not exist in time zone Europe/Berlin"
                + " (skipped by a daylight-saving change)"),
        rows.get(2).get("ts"));
    assertEquals(
        LocalDateTime.of(2024, 3, 31, 4, 30), rows.get(2).get("tstz"), "UTC 02:30 in Berlin");

    Table types =
        cast(
            table("every_type"),
            Map.of(
                "c_text", "int",
                "c_int4", "text",
                "c_bytea", "text",
                "c_num", "bigint",
                "c_jsonb", "varchar(5)",
                "c_ints", "json",
                "c_uuid", "bytes",
                "c_bool", "smallint",
                "c_real", "double"));
    rows = Rows.read(login, types, ReadOptions.DEFAULT);
    assertInstanceOf(Rejected.class, rows.get(0).get("c_text"));
    assertEquals("2147483647", rows.get(0).get("c_int4"));
    assertTrue(((String) rows.get(0).get("c_bytea")).startsWith("\\x00010203"));
    assertEquals(
        new Rejected(
            "9999999999999999999999999999.9999999999 is not an integer in range for bigint"),
        rows.get(0).get("c_num"));
    assertEquals(
        new Rejected("text of 16 characters is longer than varchar(5)"),
        rows.get(0).get("c_jsonb"));
    assertInstanceOf(Rejected.class, rows.get(0).get("c_ints"), "{1,NULL,3} is not JSON");
    assertArrayEquals(
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".getBytes(StandardCharsets.UTF_8),
        (byte[]) rows.get(0).get("c_uuid"));
    assertEquals(
        new Rejected("'t' is not an integer"), rows.get(0).get("c_bool"), "no silent 1 for true");
    assertEquals((double) Float.MAX_VALUE, rows.get(0).get("c_real"));
    assertEquals(Double.NEGATIVE_INFINITY, rows.get(1).get("c_real"));
  }

  @Test
  void decodesSqlAsciiTextUnderTheJobsPolicy() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    String name = "pgsource_sql_ascii";
    pg.execute(
        "postgres",
        "DROP DATABASE IF EXISTS " + name,
        "CREATE DATABASE "
            + name
            + " ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
    pg.execute(
        name,
        "CREATE TABLE notes (id integer PRIMARY KEY, note text, doc json, raw bytea)",
        "INSERT INTO notes VALUES (1, 'café', '{\"a\": \"é\"}', '\\xe9'),"
            + " (2, E'caf\\xe9', E'{\"a\": \"\\xe9\"}', NULL)");
    JdbcLogin strict = JdbcLogin.of(pg.jdbcUrl(name), pg.user(), login.password());
    Table notes = Fixtures.inventory(strict).table("notes").orElseThrow();
    SQLException refused =
        assertThrows(SQLException.class, () -> Rows.read(strict, notes, ReadOptions.DEFAULT));
    assertEquals(
        "PostgreSQL localhost:"
            + pg.port()
            + "/"
            + name
            + " holds text that is not valid UTF-8 (invalid byte sequence for encoding \"UTF8\":"
            + " 0xe9); if it is a SQL_ASCII database, add allowEncodingChanges=true to the"
            + " URL so ferry reads the raw bytes and rejects or repairs each bad value",
        PostgresSourceDialect.INSTANCE.describe(refused, strict));

    JdbcLogin raw =
        JdbcLogin.of(pg.jdbcUrl(name) + "?allowEncodingChanges=true", pg.user(), login.password());
    List<Map<String, Object>> rejected =
        Rows.read(raw, notes, new ReadOptions("UTC", Utf8.Policy.REJECT));
    assertEquals("café", rejected.get(0).get("note"));
    assertEquals("{\"a\": \"é\"}", rejected.get(0).get("doc"));
    assertArrayEquals(new byte[] {(byte) 0xe9}, (byte[]) rejected.get(0).get("raw"));
    assertEquals(
        new Rejected("text is not valid UTF-8 (bad byte at offset 3)"),
        rejected.get(1).get("note"));
    assertEquals(
        new Rejected("text is not valid UTF-8 (bad byte at offset 7)"), rejected.get(1).get("doc"));

    List<Map<String, Object>> replaced =
        Rows.read(raw, notes, new ReadOptions("UTC", Utf8.Policy.REPLACE));
    assertEquals("caf\uFFFD", replaced.get(1).get("note"));
    assertNull(replaced.get(1).get("raw"));
  }

  @Test
  void readsUtf8DatabasesThroughTheDriverEvenWhenEncodingChangesAreAllowed() throws Exception {
    JdbcLogin allowed =
        JdbcLogin.of(login.url() + "?allowEncodingChanges=true", login.user(), login.password());
    List<Map<String, Object>> rows = Rows.read(allowed, table("every_type"), ReadOptions.DEFAULT);
    assertEquals("héllo 🎉 \"quoted\"\ttab\nline \\ back", rows.get(0).get("c_text"));
  }

  /** {@code table} with some columns cast, as a job's casts do. */
  private static Table cast(Table table, Map<String, String> casts) {
    List<Column> columns = new ArrayList<>();
    for (Column c : table.columns()) {
      String to = casts.get(c.name());
      columns.add(to == null ? c : c.withType(ColumnType.parse(to)));
    }
    return table.withColumns(columns);
  }
}
