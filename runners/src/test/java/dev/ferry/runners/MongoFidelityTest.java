package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.MongoServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestMongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BSON fidelity and bad documents through {@code ferry run} into PostgreSQL, from fixture files in
 * Extended JSON ({@code mongo/odd.json}, {@code mongo/bad.json}): mixed integer widths and doubles
 * widened and reported, Decimal128 exact, dates to the millisecond either side of 1970, UUIDs and
 * binary, null beside missing, nested arrays, keys with dots, spaces and a dollar; and each bad
 * document (a value its column cannot hold, a null {@code _id}, a string where an array belongs)
 * rejected whole with its reason while the others load.
 */
class MongoFidelityTest {

  @TempDir static Path dir;
  static TestMongoDatabase mongo;
  static TestDatabase pg;

  @BeforeAll
  static void servers() throws IOException {
    mongo = MongoServer.shared().createDatabase("fidelity");
    mongo.insertJson("odd", fixture("odd.json"));
    mongo.insertJson("bad", fixture("bad.json"));
    pg = PostgresServer.shared().createDatabase("fidelity_target");
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = MongoFidelityTest.class.getResourceAsStream("/mongo/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Cli.Result run(String collection, String flatten) throws IOException {
    return run(collection, collection, "", flatten);
  }

  /** A job reading {@code collection} into schema {@code schema}, {@code source} keys appended. */
  static Cli.Result run(String collection, String schema, String source, String flatten)
      throws IOException {
    String yaml =
        """
        name: fidelity-%s
        source:
          kind: mongodb
          url: %s
          tables: [%s]
          %s
        target:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: %s
          mode: upsert
        max_rejected: 10
        %s
        """
            .formatted(
                schema,
                mongo.connectionString(),
                collection,
                source,
                pg.jdbcUrl(),
                pg.user(),
                schema,
                flatten);
    Path job = dir.resolve(schema + ".yaml");
    Files.writeString(job, yaml);
    return ferry(Map.of("PG_PASSWORD", pg.password()), "run", job.toString());
  }

  @Test
  void typesKeysAndNestingKeepTheirValues() throws Exception {
    Cli.Result r = run("odd", "").exits(ExitCode.OK);

    String out = r.out();
    assertTrue(out.contains("qty: INT32 and INT64 seen, widened to bigint"), out);
    assertTrue(out.contains("amount: DOUBLE, INT32, INT64 seen, widened to double"), out);
    assertTrue(out.contains("grid: elements ARRAY (arrays in arrays) seen"), out);
    assertEquals(
        List.of(
            List.of("_id", "character varying", "NO"),
            List.of("code", "text", "NO"),
            List.of("qty", "bigint", "NO"),
            List.of("price", "numeric", "NO"),
            List.of("amount", "double precision", "NO"),
            List.of("at", "timestamp with time zone", "NO"),
            List.of("uid", "uuid", "NO"),
            List.of("blob", "bytea", "NO"),
            List.of("note", "text", "YES"),
            List.of("a.b", "text", "NO"),
            List.of("with space", "text", "NO"),
            List.of("$odd", "text", "NO"),
            List.of("tags", "ARRAY", "NO"),
            List.of("grid", "jsonb", "NO"),
            List.of("_extra", "jsonb", "YES")),
        rows(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = 'odd' AND table_name = 'odd' ORDER BY ordinal_position"));
    assertEquals(
        List.of(
            List.of("650000000000000000000001", "1", "10.50", "1", "2026-01-02 03:04:05.678+00"),
            List.of("650000000000000000000002", "2", "0.001", "2.5", "1969-12-31 23:59:59.999+00"),
            List.of("650000000000000000000003", "3", "7", "3", "2026-06-01 00:00:00+00")),
        rows("SELECT _id, qty, price, amount::text, at FROM odd.odd ORDER BY _id"));
    assertEquals(
        List.of(
            Arrays.asList(
                "01234567-89ab-cdef-0123-456789abcdef", "\\x000102ff", null, "dotted", "spaced"),
            Arrays.asList("01234567-89ab-cdef-0123-456789abcdef", "\\x", null, "dotted too", "x"),
            Arrays.asList("01234567-89ab-cdef-0123-456789abcdef", "\\xff", "present", "d", "s")),
        rows("SELECT uid, blob, note, \"a.b\", \"with space\" FROM odd.odd ORDER BY _id"));
    assertEquals(
        List.of(
            List.of("{x,y}", "[[1, 2], [3]]", "dollar"),
            List.of("{}", "[]", "y"),
            List.of("{z}", "[[4]]", "z")),
        rows("SELECT tags, grid, \"$odd\" FROM odd.odd ORDER BY _id"));
    // Child rows: one per element, keyed by the document and the positions, nested arrays too.
    assertEquals(
        List.of(
            List.of("650000000000000000000001", "0", "s1"),
            List.of("650000000000000000000001", "1", "s2"),
            List.of("650000000000000000000002", "0", "s3")),
        rows("SELECT _root_id, _ordinal, sku FROM odd.odd_lines ORDER BY 1, 2"));
    assertEquals(
        List.of(
            List.of("650000000000000000000001", "0", "0", "1"),
            List.of("650000000000000000000001", "0", "1", "2"),
            List.of("650000000000000000000002", "0", "0", "3")),
        rows("SELECT _root_id, _ordinal_1, _ordinal, n FROM odd.odd_lines_parts ORDER BY 1, 2, 3"));
  }

  @Test
  void badDocumentsAreRejectedWholeWithTheirReason() throws Exception {
    Cli.Result r =
        run(
                "bad",
                """
                flatten:
                  bad:
                    paths:
                      qty: {cast: bigint}
                      lines: {as: table}
                      lines.sku: {cast: text}
                """)
            .exits(ExitCode.OK);

    assertTrue(
        r.out().contains("lines: ARRAY, STRING seen: planned for arrays as its rule says"),
        r.out());
    assertTrue(r.out().matches("(?s).*\nbad \\(documents\\) +5 +2 +3 .*"), r.out());
    assertEquals(
        List.of(List.of("B-1"), List.of("B-5")), rows("SELECT code FROM bad.bad ORDER BY code"));
    assertEquals(
        List.of(List.of("ok"), List.of("42")),
        rows("SELECT sku FROM bad.bad_lines ORDER BY 1 DESC"));
    List<List<String>> letters =
        rows(
            "SELECT table_name, stage, reason, row_values->>'code' FROM bad.ferry_dead_letters"
                + " ORDER BY 4");
    assertEquals(
        List.of(
            List.of(
                "bad (documents)",
                "flatten",
                "qty: 'many' is not an integer (column \"bad\".\"qty\" bigint)",
                "B-2"),
            List.of(
                "bad (documents)",
                "flatten",
                "the document's _id is null; its rows need a key",
                "B-3"),
            List.of(
                "bad (documents)",
                "flatten",
                "lines: string 'not an array' where sampling saw an array",
                "B-4")),
        letters);
  }

  @Test
  void aFilterReadsOnlyTheDocumentsItMatches() throws Exception {
    Cli.Result r =
        run(
                "bad",
                "filtered",
                "filter: {bad: {code: {$in: [B-1, B-5]}}}",
                "flatten:\n  bad:\n    paths:\n      lines.sku: {cast: text}\n")
            .exits(ExitCode.OK);
    assertTrue(r.out().matches("(?s).*\nbad \\(documents\\) +2 +2 +0 .*"), r.out());
    assertEquals(
        List.of(List.of("B-1"), List.of("B-5")),
        rows("SELECT code FROM filtered.bad ORDER BY code"));
  }

  static String q(String name) {
    return "\"" + name + "\"";
  }

  static List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}
