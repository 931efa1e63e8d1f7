package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The source and the checks of the fault tests: {@code items} (every thousandth row breaks the
 * job's rule {@code grp >= 0}, so each run has dead letters) and {@code parts} referencing it, big
 * enough that a fault lands while rows are still being copied; and a job file into PostgreSQL.
 * Convergence is checked per table by count, distinct keys and a SHA-256 over the rows in key
 * order, against the source minus the rejected rows.
 */
final class FaultFixture {

  /** Rows of {@code items}; {@code parts} has a tenth of that. */
  static final int ITEMS = 40_000;

  static final int REJECTED = ITEMS / 1000;

  static final String SCHEMA = "faults";

  private FaultFixture() {}

  /** The tables' DDL, in the dialect's words for the key and text types. */
  static List<String> ddl(String bigint, String text) {
    return List.of(
        "CREATE TABLE items (id "
            + bigint
            + " PRIMARY KEY, grp int NOT NULL, name "
            + text
            + " NOT NULL, note "
            + text
            + ")",
        "CREATE UNIQUE INDEX items_name ON items (name)",
        "CREATE TABLE parts (id "
            + bigint
            + " PRIMARY KEY, item_id "
            + bigint
            + " NOT NULL REFERENCES items (id), label "
            + text
            + ")");
  }

  /** Fills the tables through {@code c} in batches; the caller owns the transaction mode. */
  static void fill(Connection c) throws SQLException {
    String note = "n".repeat(200);
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO items (id, grp, name, note) VALUES (?, ?, ?, ?)")) {
      for (int i = 1; i <= ITEMS; i++) {
        s.setLong(1, i);
        s.setInt(2, i % 1000 == 0 ? -1 : i % 97);
        s.setString(3, "item-" + i);
        s.setString(4, i % 50 == 0 ? null : note + i);
        s.addBatch();
        if (i % 5000 == 0) {
          s.executeBatch();
        }
      }
    }
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO parts (id, item_id, label) VALUES (?, ?, ?)")) {
      for (int i = 1; i <= ITEMS / 10; i++) {
        s.setLong(1, i);
        s.setLong(2, i * 10L - 9); // ends in 1: never a rejected item
        s.setString(3, "part " + i);
        s.addBatch();
        if (i % 5000 == 0) {
          s.executeBatch();
        }
      }
      s.executeBatch();
    }
  }

  /** A SQLite file with the source tables. */
  static Path sqliteSource(Path dir) throws Exception {
    Path db = dir.resolve("faults.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : ddl("INTEGER", "TEXT")) {
          s.execute(sql);
        }
      }
      fill(c);
      c.commit();
    }
    return db;
  }

  /** A job file {@code NAME.yaml} from {@code source} (YAML lines) into {@code target}. */
  static Path job(Path dir, String name, String source, TestDatabase target, String mode)
      throws Exception {
    Path job = dir.resolve(name + "-" + mode + ".yaml");
    Files.writeString(
        job,
        """
        name: %s
        source:
        %s
        target:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: %s
          mode: %s
        rules:
          - column: items.grp
            range: {min: 0}
        max_rejected: 1000
        """
            .formatted(
                name,
                source.indent(2).stripTrailing(),
                target.jdbcUrl(),
                target.user(),
                SCHEMA,
                mode));
    return job;
  }

  static Map<String, String> env() {
    return Map.of("PG_PASSWORD", PostgresServer.shared().password());
  }

  /** Count, distinct keys and SHA-256 of {@code table}'s rows in key order. */
  record Digest(long rows, long keys, String sha256) {}

  static Digest digest(Connection c, String select) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long rows = 0;
    java.util.Set<String> keys = new java.util.HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        rows++;
        keys.add(rs.getString(1));
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          line.append(rs.getString(i)).append((char) 31);
        }
        sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return new Digest(rows, keys.size(), HexFormat.of().formatHex(sha.digest()));
  }

  /** The digest {@link #digest} gives for these rows, each a list of column values in key order. */
  static Digest digestOf(List<List<Object>> rows) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (List<Object> row : rows) {
      keys.add(String.valueOf(row.get(0)));
      StringBuilder line = new StringBuilder();
      for (Object v : row) {
        line.append(v == null ? null : v.toString()).append((char) 31);
      }
      sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }
    return new Digest(rows.size(), keys.size(), HexFormat.of().formatHex(sha.digest()));
  }

  /** The source rows the target must hold: all but the rejected ones. */
  static Map<String, Digest> expected(Connection source, String prefix) throws Exception {
    return Map.of(
        "items",
        digest(
            source,
            "SELECT id, grp, name, note FROM " + prefix + "items WHERE grp >= 0 ORDER BY id"),
        "parts",
        digest(source, "SELECT id, item_id, label FROM " + prefix + "parts ORDER BY id"));
  }

  /**
   * Asserts that the target holds exactly {@code expected}: no row lost, none twice, none changed.
   */
  static void assertConverged(TestDatabase target, Map<String, Digest> expected) throws Exception {
    try (Connection c = target.connect()) {
      Digest items = digest(c, "SELECT id, grp, name, note FROM " + SCHEMA + ".items ORDER BY id");
      Digest parts = digest(c, "SELECT id, item_id, label FROM " + SCHEMA + ".parts ORDER BY id");
      assertEquals(ITEMS - REJECTED, items.rows(), "items rows");
      assertEquals(items.rows(), items.keys(), "items: no key twice");
      assertEquals(expected.get("items"), items, "items: the source's rows, exactly");
      assertEquals(expected.get("parts"), parts, "parts: the source's rows, exactly");
    }
  }

  /**
   * Makes a converged target stale before a run in {@code mode}: rows missing (the second half of
   * items, most parts) and, where the mode rewrites rows, changed; returns the items rows left.
   */
  static long makeStale(TestDatabase target, String mode) throws SQLException {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      // The parts left reference items up to ITEMS / 4 only.
      s.execute("DELETE FROM " + SCHEMA + ".parts WHERE id > " + ITEMS / 40);
      if (!mode.equals("replace")) {
        s.execute("DELETE FROM " + SCHEMA + ".items WHERE id > " + ITEMS / 2);
      }
      if (!mode.equals("append")) {
        s.execute("UPDATE " + SCHEMA + ".items SET note = 'stale' WHERE id <= 500");
      }
    }
    return count(target, "items");
  }

  /** Whether the target has a COPY running into {@code SCHEMA}'s tables right now. */
  static boolean copying(TestDatabase target) {
    try (Connection c = target.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND state = 'active'"
                    + " AND query ILIKE 'COPY %'")) {
      s.setString(1, target.name());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    } catch (SQLException e) {
      return false;
    }
  }

  /** Rows in {@code SCHEMA.table}, or -1 when it cannot be counted (no table, no server). */
  static long count(TestDatabase target, String table) {
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Dead letters of {@code job} in the target (all runs, or one run). */
  static long deadLetters(TestDatabase target, String job, String runId) throws SQLException {
    try (Connection c = target.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM "
                    + SCHEMA
                    + ".ferry_dead_letters WHERE job = ?"
                    + (runId == null ? "" : " AND run_id = ?"))) {
      s.setString(1, job);
      if (runId != null) {
        s.setString(2, runId);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Asserts the after-load schema is there: the unique index and the foreign key. */
  static void assertFullSchema(TestDatabase target) throws SQLException {
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM pg_indexes WHERE schemaname = '"
                    + SCHEMA
                    + "' AND tablename = 'items' AND indexdef LIKE 'CREATE UNIQUE INDEX%(name)'),"
                    + " (SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                    + " AND conrelid = '"
                    + SCHEMA
                    + ".parts'::regclass)")) {
      rs.next();
      assertEquals(1, rs.getLong(1), "the unique index on items.name");
      assertEquals(1, rs.getLong(2), "the foreign key of parts");
    }
  }

  /** The run id a {@code ferry run} printed. */
  static String runId(Cli.Result r) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("ferry: run (\\S+) of job").matcher(r.out());
    assertTrue(m.find(), r.out());
    return m.group(1);
  }

  /** Waits up to {@code seconds} for {@code condition}, polling every 20 ms. */
  static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
