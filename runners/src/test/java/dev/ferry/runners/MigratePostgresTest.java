package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresSourceDialect;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.read.JdbcRangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL into PostgreSQL through {@code ferry run}: a source with every type family the mapping
 * handles ({@code migrate-pg/source.sql}) is copied into a schema of another name in another
 * database. {@code create} rebuilds the schema (the same column types as {@code format_type} prints
 * them, enums and domains recreated in the target schema, keys, checks, indexes, foreign keys,
 * sequences past the loaded maximum); every table is compared with the source row by row through
 * ferry's reader. Re-runs in {@code append}, {@code upsert} (on a named unique index) and {@code
 * replace} converge to the source; bad logins fail in one line that never shows the password.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigratePostgresTest {

  private static final String SCHEMA = "Pg Copy";

  /** The rows of {@code events} no logical type holds: an infinite time, a date after 9999. */
  private static final Map<String, Set<List<Object>>> REJECTED =
      Map.of("events", Set.of(List.of(2L), List.of(3L)));

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TestDatabase source;
  static TestDatabase target;
  static JdbcLogin login;
  static Inventory inventory;

  @BeforeAll
  static void databases() throws Exception {
    source = PostgresServer.shared().createDatabase("pg_migrate_source");
    target = PostgresServer.shared().createDatabase("pg_migrate_target");
    try (Connection c = source.connect();
        Statement s = c.createStatement()) {
      s.execute(fixture("source.sql"));
    }
    login = JdbcLogin.of(source.jdbcUrl(), source.user(), Secret.of(source.password()));
    inventory = Sources.inventory(login, PostgresSourceDialect.INSTANCE);
  }

  @Test
  @Order(1)
  void inspectListsViewsFunctionsAndPartitionsAsNotCopied() {
    Cli.Result r =
        ferry(
                Map.of("SRC_PASSWORD", source.password()),
                "inspect",
                source.jdbcUrl(),
                "--user",
                source.user(),
                "--password-env",
                "SRC_PASSWORD")
            .exits(0);
    String notCopied = r.out().substring(r.out().indexOf("not copied (listed only):"));
    for (String listed :
        List.of(
            "  view big_orders\n",
            "  function order_total(o integer)\n",
            "  partition measurements_2024\n",
            "  partition measurements_2025\n")) {
      assertTrue(notCopied.contains(listed), listed + " in:\n" + notCopied);
    }
    assertEquals(
        List.of(
            "MixedCase",
            "Order Details",
            "a_table_name_of_exactly_sixty_three_bytes_for_the_limit_test_63",
            "chicken",
            "codes",
            "customers",
            "egg",
            "employees",
            "empty_table",
            "events",
            "every_type",
            "log_lines",
            "measurements",
            "mesures_température_élevée_pour_le_test_de_longueur_maximale",
            "order_lines",
            "orders",
            "references",
            "shipments",
            "with\"quote"),
        inventory.tables().stream().map(Table::name).sorted().toList());
  }

  @Test
  @Order(2)
  void createCopiesEveryTableWithItsTypesKeysAndConstraints() throws Exception {
    Path report = dir.resolve("create.json");
    Cli.Result r = run(job("create", ""), "--report", report.toString()).exits(0);
    assertTrue(
        r.out().contains("2 rejected rows are in table " + SCHEMA + ".ferry_dead_letters"),
        r.out());
    assertSameAsSource();
    // MigratedRows compares JSON as parsed trees; json keeps its text: key order, duplicates.
    String json = "SELECT string_agg(c_json::text, '|' ORDER BY id) FROM every_type";
    assertEquals(List.of("{\"b\":1,  \"a\":[1,2], \"b\":2}"), query(source, "public", json));
    assertEquals(query(source, "public", json), query(target, SCHEMA, json), "json as stored");

    List<String> types = columnTypes(target, SCHEMA);
    assertEquals(columnTypes(source, "public"), types, "column types");
    List<String> userTypes = userTypes(target, SCHEMA);
    assertEquals(userTypes(source, "public"), userTypes, "enums and domains");
    List<String> constraints = constraints(target, SCHEMA);
    assertEquals(constraints(source, "public"), constraints, "constraints");
    List<String> indexes = indexes(target, SCHEMA);
    assertEquals(indexes(source, "public"), indexes, "indexes");
    // The lists are the target's own: types resolve in the target schema, not in public.
    assertContains(
        types,
        "every_type.c_light \"Traffic Light\"",
        "every_type.c_moods mood[]",
        "every_type.c_prices price[]",
        "every_type.c_small small_positive",
        "every_type.c_ts3 timestamp(3) without time zone",
        "every_type.c_money money",
        "orders.status mood not null");
    assertContains(
        userTypes,
        "mood enum sad,ok,happy",
        "price domain numeric(10,2) CHECK ((VALUE >= (0)::numeric))",
        "small_positive domain positive_int default 1 CHECK (((VALUE)::integer < 100))");
    assertContains(
        constraints,
        "orders c CHECK ((status <> 'sad'::mood))",
        "chicken f FOREIGN KEY (egg_id) REFERENCES egg(id)",
        "egg f FOREIGN KEY (chicken_id) REFERENCES chicken(id)",
        "employees f FOREIGN KEY (manager_id) REFERENCES employees(id)",
        "shipments f FOREIGN KEY (line_no, order_id) REFERENCES order_lines(line_no, order_id)");
    assertContains(indexes, "codes unique (seq)", "customers unique (email)");
    assertEquals(
        List.of(),
        query(
            target,
            SCHEMA,
            "SELECT relname || ' ' || relkind::text FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                + " AND c.relkind NOT IN ('r', 'i', 'S')"),
        "no view, partition or partitioned table: plain tables, their indexes and sequences");
    assertEquals(
        List.of(),
        query(target, "SELECT proname::text FROM pg_proc WHERE proname = 'order_total'"),
        "functions are not copied");

    List<String> letters =
        query(
            target,
            "SELECT table_name || ' | ' || stage || ' | ' || (row_values->>'id') || ' | ' || reason"
                + " FROM "
                + Identifiers.quote(SCHEMA)
                + ".ferry_dead_letters ORDER BY row_values->>'id'");
    assertEquals(2, letters.size(), letters.toString());
    assertTrue(
        letters.get(0).matches("events \\| read \\| 2 \\| .*happened.*'infinity'.*"),
        letters.get(0));
    assertTrue(
        letters.get(1).matches("events \\| read \\| 3 \\| .*day.*'10000-01-01'.*after year 9999.*"),
        letters.get(1));

    JsonNode summary = JSON.readTree(report.toFile());
    assertTrue(summary.get("reconciled").asBoolean(), summary.toString());
    assertEquals(0, summary.get("schema_failures").size(), summary.toString());
    long read = 0;
    long written = 0;
    for (JsonNode t : summary.get("tables")) {
      assertEquals(
          t.get("read").asLong(),
          t.get("written").asLong() + t.get("rejected").asLong(),
          t.toString());
      assertEquals(
          REJECTED.getOrDefault(t.get("table").asText(), Set.of()).size(),
          t.get("rejected").asLong(),
          t.toString());
      read += t.get("read").asLong();
      written += t.get("written").asLong();
    }
    assertEquals(inventory.tables().size(), summary.get("tables").size(), summary.toString());
    assertEquals(read, summary.get("totals").get("read").asLong());
    assertEquals(
        List.of(Long.toString(read)),
        query(source, "SELECT (" + countAllRows(source, "public") + ")::text"),
        "the report read every source row");
    assertEquals(written, summary.get("totals").get("written").asLong());
    assertEquals(2, summary.get("totals").get("rejected").asLong());
    assertEquals(
        List.of(Long.toString(written)),
        query(target, "SELECT (" + countAllRows(target, SCHEMA) + ")::text"),
        "the report's written rows are in the target");

    // ferry verify agrees: every type (arrays, json, ranges kept as text, bytea, BC-free dates…)
    // equal through the mapping, the 2 rejected rows accounted.
    Path verified = dir.resolve("verify.json");
    Cli.Result v =
        ferry(
            Map.of("SRC_PASSWORD", source.password(), "PG_PASSWORD", target.password()),
            "verify",
            write("job", job("create", "")).toString(),
            "--report",
            verified.toString());
    assertEquals(0, v.exit(), v.out() + v.err());
    JsonNode verdict = JSON.readTree(verified.toFile());
    long rejected = 0;
    for (JsonNode t : verdict.get("tables")) {
      assertEquals("equal", t.get("verdict").asText(), t.toString());
      rejected += t.get("rejected").asLong() + t.get("rejected_at_write").asLong();
    }
    assertEquals(2, rejected, v.out());
  }

  @Test
  @Order(3)
  void sequencesContinuePastTheLoadedKeys() throws Exception {
    assertNextKeysFollowTheMaximum(true);
  }

  @Test
  @Order(4)
  void constraintsHoldAfterTheLoad() throws Exception {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("SET search_path = " + Identifiers.quote(SCHEMA));
      // SQLSTATE classes: 23 integrity constraint violation; 22P02 is a bad enum label.
      Map<String, String> refused =
          Map.ofEntries(
              Map.entry("INSERT INTO orders (customer_id, status) VALUES (999, 'ok')", "23503"),
              Map.entry("INSERT INTO orders (customer_id, status) VALUES (1, 'sad')", "23514"),
              Map.entry("INSERT INTO order_lines VALUES (1, 9, 'x', 0)", "23514"),
              Map.entry("INSERT INTO order_lines VALUES (1, 1, 'x', 1)", "23505"),
              Map.entry("UPDATE employees SET manager_id = 9999 WHERE id = 2", "23503"),
              Map.entry("UPDATE chicken SET egg_id = 99 WHERE id = 1", "23503"),
              Map.entry("DELETE FROM egg WHERE id = 1", "23503"),
              Map.entry("INSERT INTO shipments (order_id, line_no) VALUES (1, 7)", "23503"),
              Map.entry("INSERT INTO every_type (id, c_small) VALUES (100, 100)", "23514"),
              Map.entry("INSERT INTO every_type (id, c_small) VALUES (100, NULL)", "23502"),
              Map.entry(
                  "INSERT INTO every_type (id, c_small, c_price) VALUES (100, 1, -1)", "23514"),
              Map.entry(
                  "INSERT INTO every_type (id, c_small, c_mood) VALUES (100, 1, 'bad')", "22P02"),
              Map.entry("INSERT INTO codes VALUES ('new', 10, 'seq 10 is taken')", "23505"),
              Map.entry(
                  "INSERT INTO customers (email, name) VALUES ('c1@example.com', 'x')", "23505"),
              Map.entry(
                  "INSERT INTO customers (email, name) VALUES ('new@example.com', '')", "23514"),
              Map.entry("INSERT INTO \"Order Details\" VALUES (99, 'x', 3)", "23503"));
      for (Map.Entry<String, String> e : refused.entrySet()) {
        try {
          s.execute(e.getKey());
          throw new AssertionError("the target accepted: " + e.getKey());
        } catch (java.sql.SQLException expected) {
          assertEquals(
              e.getValue(), expected.getSQLState(), e.getKey() + ": " + expected.getMessage());
        }
      }
    }
  }

  @Test
  @Order(5)
  void createAgainRefusesTheExistingTables() throws Exception {
    Cli.Result r = run(job("create", "")).exits(3);
    String line = r.oneLineError();
    assertTrue(line.contains("already has " + SCHEMA + "."), line);
    assertSameAsSource();
  }

  @Test
  @Order(6)
  void appendAgainAddsNothing() throws Exception {
    // A table without a key has nothing to tell a copied row from a new one: append adds its
    // rows again, so this job leaves it out.
    run(job("append", "  exclude: [log_lines]\n")).exits(0);
    assertSameAsSource();
    assertEquals(4, rowCount("log_lines"));
  }

  @Test
  @Order(7)
  void appendAddsNewSourceRowsAndMovesTheSequencesPastThem() throws Exception {
    try (Connection c = source.connect();
        Statement s = c.createStatement()) {
      // More rows than the target's own inserts have taken from its sequences so far.
      s.execute(
          "INSERT INTO customers (email, name) SELECT 'late' || i || '@example.com', 'Late'"
              + " FROM generate_series(1, 5) i");
      s.execute(
          "INSERT INTO orders (customer_id, total) SELECT 41, i FROM generate_series(1, 5) i");
      s.execute("SELECT setval('employees_id_seq', 100)");
      s.execute("INSERT INTO employees (manager_id, name) VALUES (100, 'late'), (101, 'later')");
      s.execute(
          "INSERT INTO \"with\"\"quote\" (\"a\"\"b\") SELECT 'late ' || i"
              + " FROM generate_series(1, 5) i");
    }
    run(job("append", "  exclude: [log_lines]\n")).exits(0);
    assertSameAsSource();
    assertNextKeysFollowTheMaximum(false);
  }

  @Test
  @Order(8)
  void upsertOnANamedUniqueIndexRestoresChangedAndDeletedRows() throws Exception {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("SET search_path = " + Identifiers.quote(SCHEMA));
      // Changing the primary key: only a merge on seq finds the row again.
      s.execute("UPDATE codes SET code = code || '-renamed' WHERE seq IN (30, 40)");
      s.execute("UPDATE codes SET label = 'tampered' WHERE seq > 200");
      s.execute("DELETE FROM codes WHERE seq = 100");
      s.execute("UPDATE orders SET status = 'happy', note = 'tampered' WHERE id < 20");
      s.execute("UPDATE every_type SET c_jsonb = '{}', c_grid = NULL, c_money = 0");
      s.execute("DELETE FROM order_lines WHERE line_no = 3");
      s.execute("UPDATE \"MixedCase\" SET \"say \"\"hi\"\"\" = 'bye'");
    }
    run(job("upsert", "  exclude: [log_lines]\n", "  upsert_keys:\n    codes: codes_seq\n"))
        .exits(0);
    assertSameAsSource();
    assertEquals(
        List.of("code-3", "code-4"),
        query(
            target,
            "SELECT code FROM "
                + Identifiers.quote(SCHEMA)
                + ".codes WHERE seq IN (30, 40) ORDER BY 1"));
  }

  @Test
  @Order(9)
  void upsertOfATableWithoutAKeyStopsBeforeWriting() throws Exception {
    Cli.Result r = run(job("upsert", "  tables: [log_lines, codes]\n"));
    assertTrue(r.exit() == 2 || r.exit() == 3, r.out() + r.err());
    String line = r.oneLineError();
    assertTrue(line.contains("log_lines"), line);
    assertTrue(line.contains("no primary key"), line);
    assertFalse(line.contains("codes"), line);
    assertEquals(4, rowCount("log_lines"));
  }

  @Test
  @Order(10)
  void replaceGivesTheSourceRowsBack() throws Exception {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("SET search_path = " + Identifiers.quote(SCHEMA));
      s.execute("INSERT INTO log_lines SELECT * FROM log_lines");
      s.execute("INSERT INTO empty_table VALUES (1, 'not empty')");
      s.execute("INSERT INTO codes VALUES ('extra', 1, 'extra')");
      s.execute("UPDATE every_type SET c_tsv = NULL, c_point = '(0,0)'");
    }
    // chicken and egg reference each other row by row: see replaceOfTablesInAForeignKeyCycle.
    run(job("replace", "  exclude: [chicken, egg]\n")).exits(0);
    assertSameAsSource();
    assertEquals(4, rowCount("log_lines"));
    assertEquals(0, rowCount("empty_table"));
  }

  /**
   * Known bug: {@code replace} empties the tables and loads them with the target's foreign keys in
   * place; tables in a cycle share a load wave, so each chicken waits for an egg that waits for it
   * and every row of both is rejected (exit 1). {@code create} is not affected: its foreign keys
   * come after the load.
   */
  @Test
  @Order(11)
  void replaceOfTablesInAForeignKeyCycle() throws Exception {
    run(job("replace", "  tables: [chicken, egg]\n")).exits(0);
    assertSameAsSource();
  }

  @Test
  @Order(12)
  void aWrongSourcePasswordFailsInOneLineWithoutThePassword() throws Exception {
    String wrong = "wrong-Pa55-marker";
    Cli.Result r =
        ferry(
                Map.of("SRC_PASSWORD", wrong, "PG_PASSWORD", target.password()),
                "run",
                write("bad-password", job("create", "")).toString())
            .exits(3);
    assertNoSecret(r, wrong);
    assertTrue(r.oneLineError().contains("password"), r.err());
  }

  @Test
  @Order(13)
  void aMissingSourceDatabaseFailsInOneLine() throws Exception {
    String yaml =
        job("create", "").replace(source.jdbcUrl(), source.jdbcUrl() + "_no_such_database");
    Cli.Result r = run(yaml).exits(3);
    assertNoSecret(r, source.password());
    assertTrue(r.oneLineError().contains("pg_migrate_source_no_such_database"), r.err());
  }

  @Test
  @Order(14)
  void anUnreachableTargetFailsInOneLine() throws Exception {
    String yaml = job("create", "").replace(target.jdbcUrl(), "jdbc:postgresql://localhost:1/x");
    Cli.Result r = run(yaml).exits(3);
    assertNoSecret(r, target.password());
    String line = r.oneLineError();
    assertTrue(line.contains("localhost:1"), line);
  }

  @Test
  @Order(15)
  void aSourceUrlThatRequiresTlsFailsInOneLineWhenTheServerHasNone() throws Exception {
    String yaml =
        job("create", "").replace(source.jdbcUrl(), source.jdbcUrl() + "?sslmode=require");
    Cli.Result r = run(yaml).exits(3);
    assertNoSecret(r, source.password());
    String line = r.oneLineError();
    assertTrue(
        line.startsWith(
            "ferry: cannot connect to PostgreSQL "
                + source.jdbcUrl().substring("jdbc:postgresql://".length())),
        line);
    assertTrue(
        line.endsWith(
            ": The server does not support SSL; remove sslmode from the URL or enable SSL on"
                + " the server"),
        line);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The job: all source tables into {@value #SCHEMA}; {@code sourceExtra} and {@code targetExtra}
   * are more lines of those sections.
   */
  private static String job(String mode, String sourceExtra) {
    return job(mode, sourceExtra, "");
  }

  private static String job(String mode, String sourceExtra, String targetExtra) {
    return """
        name: pg-copy
        source:
          kind: postgres
          url: %s
          user: %s
          password: ${SRC_PASSWORD}
        %starget:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: %s
          mode: %s
        %smax_rejected: 10
        """
        .formatted(
            source.jdbcUrl(),
            source.user(),
            sourceExtra,
            target.jdbcUrl(),
            target.user(),
            SCHEMA,
            mode,
            targetExtra);
  }

  private static Path write(String name, String yaml) throws IOException {
    Path job = dir.resolve(name + ".yaml");
    Files.writeString(job, yaml, StandardCharsets.UTF_8);
    return job;
  }

  private static Cli.Result run(String yaml, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("run", write("job", yaml).toString()));
    args.addAll(List.of(extra));
    return ferry(
        Map.of("SRC_PASSWORD", source.password(), "PG_PASSWORD", target.password()),
        args.toArray(String[]::new));
  }

  /** An INSERT that leaves the key out gets the loaded maximum + 1, in each table with one. */
  private static void assertNextKeysFollowTheMaximum(boolean exactly) throws Exception {
    Map<String, String> inserts =
        Map.of(
            "customers", "(email, name) VALUES ('new@example.com', 'New')",
            "orders", "(customer_id, total) VALUES (1, 1)",
            "employees", "(name) VALUES ('new')",
            "shipments", "(order_id, line_no) VALUES (1, 1)",
            "with\"quote", "(\"a\"\"b\") VALUES ('four')",
            "a_table_name_of_exactly_sixty_three_bytes_for_the_limit_test_63",
                "(another_column_whose_name_is_long_enough_to_need_fitting_for_it) VALUES ('new')",
            "mesures_température_élevée_pour_le_test_de_longueur_maximale", "(valeur) VALUES (1)");
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      for (Map.Entry<String, String> e : inserts.entrySet()) {
        Table t = inventory.table(e.getKey()).orElseThrow();
        String key = Identifiers.quote(t.primaryKey().get(0));
        String table = Identifiers.quote(SCHEMA) + "." + Identifiers.quote(t.name());
        ResultSet rs = s.executeQuery("SELECT max(" + key + ") FROM " + table);
        rs.next();
        long max = rs.getLong(1);
        long next;
        try {
          rs = s.executeQuery("INSERT INTO " + table + " " + e.getValue() + " RETURNING " + key);
          rs.next();
          next = rs.getLong(1);
        } catch (java.sql.SQLException behind) {
          throw new AssertionError(t.name() + ": the sequence is behind the loaded keys", behind);
        }
        s.execute("DELETE FROM " + table + " WHERE " + key + " = " + next);
        if (exactly) {
          assertEquals(max + 1, next, t.name() + ": the next key follows the maximum");
        } else {
          assertTrue(next > max, t.name() + ": the next key " + next + " is past " + max);
        }
      }
    }
  }

  private static void assertContains(List<String> actual, String... expected) {
    for (String e : expected) {
      assertTrue(actual.contains(e), e + " in " + actual);
    }
  }

  private static void assertNoSecret(Cli.Result r, String password) {
    assertFalse(r.out().contains(password), r.out());
    assertFalse(r.err().contains(password), r.err());
    assertFalse(r.out().contains(source.password()) || r.err().contains(source.password()));
  }

  /** Every table equals the source's rows, but the rejected ones, column by column. */
  private static void assertSameAsSource() throws Exception {
    for (Table table : inventory.tables()) {
      MigratedRows.assertSameRows(
          JdbcRangeReader.of(login, PostgresSourceDialect.INSTANCE, table, ReadOptions.DEFAULT),
          target,
          SCHEMA,
          table.name(),
          table.columns().stream().map(c -> c.name()).toList(),
          REJECTED.getOrDefault(table.name(), Set.of()));
    }
  }

  private static long rowCount(String table) throws Exception {
    return Long.parseLong(
        query(
                target,
                "SELECT count(*)::text FROM "
                    + Identifiers.quote(SCHEMA)
                    + "."
                    + Identifiers.quote(table))
            .get(0));
  }

  /** {@code SELECT count(*) FROM a) + (SELECT …} over the schema's tables but dead letters. */
  private static String countAllRows(TestDatabase db, String schema) throws Exception {
    return query(
            db,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '"
                + schema
                + "' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND c.relname NOT IN ('ferry_dead_letters', 'ferry_runs')")
        .stream()
        .map(
            t ->
                "(SELECT count(*) FROM "
                    + Identifiers.quote(schema)
                    + "."
                    + Identifiers.quote(t)
                    + ")")
        .collect(Collectors.joining(" + "));
  }

  /** table.column type [not null], with the schema's own types unqualified. */
  private static List<String> columnTypes(TestDatabase db, String schema) throws Exception {
    return query(
        db,
        schema,
        "SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
            + " || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
            + " AND NOT c.relispartition AND c.relname NOT IN ('ferry_dead_letters', 'ferry_runs')"
            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum");
  }

  /** Each enum with its labels, each domain with its base type, default, NOT NULL and checks. */
  private static List<String> userTypes(TestDatabase db, String schema) throws Exception {
    return query(
        db,
        schema,
        "SELECT t.typname || ' ' || CASE t.typtype WHEN 'e' THEN 'enum ' || (SELECT"
            + " string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum"
            + " WHERE enumtypid = t.oid) ELSE 'domain ' || format_type(t.typbasetype, t.typtypmod)"
            + " || coalesce(' default ' || t.typdefault, '')"
            + " || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END || coalesce(' ' || (SELECT"
            + " string_agg(pg_get_constraintdef(k.oid), ' ' ORDER BY 1) FROM pg_constraint k"
            + " WHERE k.contypid = t.oid), '') END"
            + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            + " WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd') ORDER BY 1");
  }

  /** Primary keys, foreign keys and checks as the server prints them (names aside). */
  private static List<String> constraints(TestDatabase db, String schema) throws Exception {
    return query(
        db,
        schema,
        "SELECT r.relname || ' ' || k.contype::text || ' ' || pg_get_constraintdef(k.oid)"
            + " FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid"
            + " JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " WHERE n.nspname = current_schema() AND NOT r.relispartition"
            + " AND r.relname <> 'ferry_runs' AND k.contype IN ('p', 'f', 'c') ORDER BY 1");
  }

  /** Each index as table, unique or not, and its columns (names aside). */
  private static List<String> indexes(TestDatabase db, String schema) throws Exception {
    return query(
        db,
        schema,
        "SELECT r.relname || CASE WHEN i.indisunique THEN ' unique (' ELSE ' (' END"
            + " || (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)"
            + " FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
            + " JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum) || ')'"
            + " FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = r.relnamespace"
            + " WHERE n.nspname = current_schema() AND NOT r.relispartition"
            + " AND r.relname NOT IN ('ferry_dead_letters', 'ferry_runs') ORDER BY 1");
  }

  private static List<String> query(TestDatabase db, String sql) throws Exception {
    return query(db, null, sql);
  }

  /** The first column of each row, with {@code schema} as the search path when given. */
  private static List<String> query(TestDatabase db, String schema, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      if (schema != null) {
        s.execute("SET search_path = " + Identifiers.quote(schema));
      }
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = MigratePostgresTest.class.getResourceAsStream("/migrate-pg/" + name)) {
      assertTrue(in != null, "no fixture migrate-pg/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
