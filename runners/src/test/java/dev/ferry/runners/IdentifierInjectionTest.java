package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names from a source catalog are data, never SQL. Tables and columns whose names hold quotes,
 * backticks, semicolons, {@code --}, spaces, unicode, upper case and reserved words — with keys,
 * foreign keys, indexes, sequences and enum labels made of them — go from SQLite, PostgreSQL and
 * MariaDB into PostgreSQL schemas with hostile names too. Each job must copy them with every name
 * exactly as it was (read back from the target's catalog) and every row, leave the sentinel tables
 * {@code victims} (in each source and in the target's {@code public}, where an injected {@code DROP
 * TABLE victims} would land) with their rows, and {@code ferry verify} must find them equal.
 */
class IdentifierInjectionTest {

  static final String HOSTILE = "x\"; DROP TABLE victims; --";
  static final List<String> COLUMNS =
      List.of("id", "a'b", "sp ace", "semi;colon", "dash--dash", "Ünïcödé", "UPPER", "select");

  /** A reserved word, upper case, and the dollar-quote tag restore.sql once used. */
  static final String ORDER = "Order$ferry$";

  @TempDir static Path dir;
  static TestDatabase target;
  static Path sqlite;

  @BeforeAll
  static void targetAndSqliteSource() throws Exception {
    target = PostgresServer.shared().createDatabase("inject_target");
    PostgresServer.shared().execute(target.name(), VICTIMS, VICTIM_ROWS);
    sqlite =
        ShopFixture.sqlite(
            dir.resolve("hostile.db"),
            VICTIMS,
            VICTIM_ROWS,
            "CREATE TABLE "
                + q(HOSTILE, '"')
                + " ("
                + columns('"', "integer PRIMARY KEY", "text")
                + ")",
            "INSERT INTO " + q(HOSTILE, '"') + " VALUES " + rows(),
            "CREATE INDEX \"ix'; DROP TABLE victims; --\" ON " + q(HOSTILE, '"') + " (\"a'b\")",
            "CREATE TABLE "
                + q(ORDER, '"')
                + " (\"from\" integer PRIMARY KEY, \"x id\" integer"
                + " REFERENCES "
                + q(HOSTILE, '"')
                + " (id))",
            "INSERT INTO " + q(ORDER, '"') + " VALUES (1, 1), (2, 2)");
  }

  @Test
  void sqliteTablesAndColumnsKeepTheirNames() throws Exception {
    String schema = "Sq'lite \"; DROP TABLE victims; --";
    migrateAndVerify("sqlite", "jdbc:sqlite:" + sqlite, "", "", schema, HOSTILE);
    assertSqliteExtras(target, schema);
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + sqlite)) {
      assertEquals(2, count(c, "SELECT count(*) FROM victims"), "the source's victims");
    }
  }

  /** A dump's schema.sql and restore.sql hold the names too; psql runs restore.sql alone. */
  @Test
  void sqliteThroughADumpRestoredByPsql() throws Exception {
    Path dumps = dir.resolve("dumps");
    String job =
        write(
            "dump",
            jobText("sqlite", "jdbc:sqlite:" + sqlite, "", "public")
                .replaceAll("(?s)target:.*", "target:\n  kind: dump\n  path: " + dumps + "\n"));
    ferry("run", job).exits(0);
    ferry("verify", job).exits(0);
    Path dump;
    try (var found = Files.walk(dumps)) {
      dump = found.filter(f -> f.endsWith("restore.sql")).findFirst().orElseThrow().getParent();
    }
    TestDatabase restored = PostgresServer.shared().createDatabase("inject_psql");
    PostgresServer.shared().execute(restored.name(), VICTIMS, VICTIM_ROWS);
    ProcessBuilder psql =
        new ProcessBuilder(
                "psql",
                "-X",
                "-q",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(PostgresServer.shared().port()),
                "-U",
                restored.user(),
                "-d",
                restored.name(),
                "-f",
                "restore.sql")
            .directory(dump.toFile())
            .redirectErrorStream(true);
    psql.environment().put("PGPASSWORD", restored.password());
    Process p = psql.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "psql -f restore.sql:\n" + output);
    assertNamesAndRows(restored, "public", HOSTILE);
    assertSqliteExtras(restored, "public");
  }

  /** A lake names its directories and Parquet columns after the source's names. */
  @Test
  void sqliteIntoALakeKeepsTheNames() throws Exception {
    Path lake = dir.resolve("lake");
    String job =
        write(
            "lake",
            jobText("sqlite", "jdbc:sqlite:" + sqlite, "", "public")
                .replaceAll("(?s)target:.*", "target:\n  kind: lakehouse\n  path: " + lake + "\n"));
    ferry("run", job).exits(0);
    ferry("verify", job).exits(0);
    DeltaKernelReader silver =
        DeltaKernelReader.latest(lake.resolve("silver").resolve(HOSTILE).toString());
    // Delta without column mapping holds no spaces or ;: such names are rewritten (README), the
    // source's kept in each field's metadata.
    List<String> names = new ArrayList<>();
    for (var field : silver.schema().fields().subList(0, COLUMNS.size())) {
      names.add(
          field.getMetadata().contains(LakeNames.SOURCE_NAME_KEY)
              ? field.getMetadata().getString(LakeNames.SOURCE_NAME_KEY)
              : field.getName());
    }
    assertEquals(COLUMNS, names);
    List<Map<String, Object>> rows = DuckDbReader.read(silver);
    assertEquals(
        List.of("it's|a b", ";|'';--"),
        rows.stream()
            .sorted(java.util.Comparator.comparing(r -> ((Number) r.get("id")).longValue()))
            .map(r -> r.get("a_b") + "|" + r.get("sp_ace"))
            .toList());
  }

  @Test
  void postgresTablesEnumsAndSequencesKeepTheirNames() throws Exception {
    TestDatabase source = PostgresServer.shared().createDatabase("inject_pg_source");
    String table = "Weird \"Name\"";
    PostgresServer.shared()
        .execute(
            source.name(),
            VICTIMS,
            VICTIM_ROWS,
            "CREATE TYPE \"mood'; --\" AS ENUM ('it''s', 'say \"hi\"', 'a;b')",
            "CREATE TABLE "
                + q(table, '"')
                + " ("
                + columns('"', "serial PRIMARY KEY", "text")
                + ", \"mood\" \"mood'; --\", CHECK (\"a'b\" <> 'x''; DROP TABLE victims; --'))",
            "INSERT INTO " + q(table, '"') + " VALUES " + rows().replace(")", ", 'it''s')"),
            "UPDATE " + q(table, '"') + " SET mood = 'say \"hi\"' WHERE id = 2");
    String schema = "P\"g";
    migrateAndVerify("postgres", source.jdbcUrl(), source.user(), source.password(), schema, table);
    assertEquals(
        List.of("it's", "say \"hi\""),
        strings(
            target,
            "SELECT mood::text FROM " + q(schema, '"') + "." + q(table, '"') + " ORDER BY id"));
    PostgresServer.shared()
        .execute(
            target.name(),
            "INSERT INTO " + q(schema, '"') + "." + q(table, '"') + " DEFAULT VALUES");
    assertEquals(
        3,
        count(target.connect(), "SELECT max(id) FROM " + q(schema, '"') + "." + q(table, '"')),
        "the sequence moved past the loaded keys");
    assertEquals(
        List.of("CHECK ((\"a'b\" <> 'x''; DROP TABLE victims; --'::text))"),
        strings(
            target,
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' AND conrelid = "
                + Identifiers.literal(q(schema, '"') + "." + q(table, '"'))
                + "::regclass"));
    assertEquals(
        2, count(source.connect(), "SELECT count(*) FROM victims"), "the source's victims");
  }

  @Test
  void mariaDbBackticksKeepTheirNames() throws Exception {
    MariaDbServer maria = MariaDbServer.shared();
    TestDatabase source = maria.createDatabase("inject_maria_source");
    String table = "tick`table\"; DROP TABLE victims; --";
    maria.execute(
        source.name(),
        VICTIMS,
        VICTIM_ROWS,
        "CREATE TABLE "
            + q(table, '`')
            + " ("
            + columns('`', "int AUTO_INCREMENT PRIMARY KEY", "varchar(40)")
            + ", `c``ol` enum('it''s', 'say \"hi\"'), KEY `k``ey` (`a'b`))",
        "INSERT INTO " + q(table, '`') + " VALUES " + rows().replace(")", ", 'say \"hi\"')"));
    String schema = "Ma;ria";
    migrateAndVerify("mysql", source.jdbcUrl(), source.user(), source.password(), schema, table);
    assertEquals(
        List.of("say \"hi\"", "say \"hi\""),
        strings(
            target,
            "SELECT \"c`ol\" FROM " + q(schema, '"') + "." + q(table, '"') + " ORDER BY id"));
    try (Connection c = source.connect()) {
      assertEquals(2, count(c, "SELECT count(*) FROM victims"), "the source's victims");
    }
  }

  /** plan, run and verify the job; checks the table's names and rows and the target's victims. */
  private static void migrateAndVerify(
      String kind, String url, String user, String password, String schema, String table)
      throws Exception {
    String job = write(kind, jobText(kind, url, user, schema));
    Map<String, String> env = Map.of("SRC_PASSWORD", password, "PG_PASSWORD", target.password());
    ferry(env, "plan", job).exits(0);
    ferry(env, "run", job).exits(0);
    ferry(env, "verify", job).exits(0);
    assertNamesAndRows(target, schema, table);
  }

  private static String jobText(String kind, String url, String user, String schema) {
    return """
        name: inject
        source:
          kind: %s
          url: '%s'
          %s
          exclude: [victims]
        target:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: '%s'
        """
        .formatted(
            kind,
            url,
            user.isEmpty() ? "" : "user: " + user + "\n  password: ${SRC_PASSWORD}",
            target.jdbcUrl(),
            target.user(),
            schema.replace("'", "''"));
  }

  /** The hostile table in {@code db}: its column names in order and both rows, exactly. */
  private static void assertNamesAndRows(TestDatabase db, String schema, String table)
      throws SQLException {
    List<String> columns = columns(db, schema, table);
    assertEquals(COLUMNS, columns.subList(0, COLUMNS.size()), "column names");
    assertEquals(
        List.of("1|it's|a b|1|--|ü|UP|from", "2|;|'';--|2|\"|é|lo|where"),
        strings(
            db,
            "SELECT concat_ws('|', "
                + String.join(", ", COLUMNS.stream().map(c -> q(c, '"')).toList())
                + ") FROM "
                + q(schema, '"')
                + "."
                + q(table, '"')
                + " ORDER BY id"));
    assertEquals(List.of("2"), strings(db, "SELECT count(*) FROM public.victims"), "victims");
  }

  /** The second SQLite table, its foreign key and the index named like an injection. */
  private static void assertSqliteExtras(TestDatabase db, String schema) throws SQLException {
    assertEquals(List.of("from", "x id"), columns(db, schema, ORDER));
    String orders = q(schema, '"') + "." + q(ORDER, '"');
    assertEquals(List.of("2"), strings(db, "SELECT count(*) FROM " + orders));
    assertEquals(
        List.of(schema + "|" + HOSTILE),
        strings(
            db,
            "SELECT concat_ws('|', n.nspname, p.relname) FROM pg_constraint k"
                + " JOIN pg_class p ON p.oid = k.confrelid"
                + " JOIN pg_namespace n ON n.oid = p.relnamespace WHERE contype = 'f'"
                + " AND conrelid = "
                + Identifiers.literal(orders)
                + "::regclass"));
    List<String> indexes =
        strings(
            db,
            "SELECT indexdef FROM pg_indexes WHERE schemaname = " + Identifiers.literal(schema));
    assertTrue(indexes.stream().anyMatch(i -> i.endsWith("(\"a'b\")")), indexes.toString());
  }

  // ---- the fixture ----

  /** The sentinel: two rows that any injected DROP TABLE victims would take away. */
  private static final String VICTIMS =
      "CREATE TABLE victims (id int PRIMARY KEY, name varchar(9))";

  private static final String VICTIM_ROWS = "INSERT INTO victims VALUES (1, 'alice'), (2, 'bob')";

  private static String columns(char quote, String key, String text) {
    List<String> defs = new ArrayList<>();
    for (String c : COLUMNS) {
      String type = c.equals("id") ? key : c.equals("semi;colon") ? "int" : text;
      defs.add(q(c, quote) + " " + type);
    }
    return String.join(", ", defs);
  }

  /** Two rows whose values are as hostile as the names. */
  private static String rows() {
    return "(1, 'it''s', 'a b', 1, '--', 'ü', 'UP', 'from'),"
        + " (2, ';', ''''';--', 2, '\"', 'é', 'lo', 'where')";
  }

  /** {@code name} quoted with {@code quote}, the quote doubled inside: the SQL standard's way. */
  static String q(String name, char quote) {
    String s = String.valueOf(quote);
    return s + name.replace(s, s + s) + s;
  }

  private static List<String> columns(TestDatabase db, String schema, String table)
      throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      s.setString(1, schema);
      s.setString(2, table);
      List<String> names = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      return names;
    }
  }

  private static List<String> strings(TestDatabase db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = db.connect();
        ResultSet r = c.createStatement().executeQuery(sql)) {
      while (r.next()) {
        values.add(r.getString(1));
      }
    }
    return values;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (c;
        ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file.toString();
  }
}
