package dev.ferry.pipelines.migrate;

import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.transforms.postgres.WritePostgresDeadLetters;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ferry-owned table {@value #TABLE} in a PostgreSQL target's schema: one row per run that
 * created tables there ({@code create}, or a first {@code append} / {@code upsert}), written in the
 * same transaction as the {@code CREATE TABLE}s, and marked finished once the load and the
 * after-load statements (indexes, foreign keys, checks, sequences) are done.
 *
 * <p>A run that failed or was killed leaves its row unfinished. That row is how a re-run of the
 * same job tells ferry's own half-loaded tables from tables that were there before ferry: the first
 * are dropped and created again (as pgloader does), with the dead letters of the unfinished run,
 * which the re-run writes again; the second are never touched.
 *
 * <pre>{@code
 * CREATE TABLE ferry_runs (job text, run_id text, mode text, created_tables text[],
 *     started_at timestamptz, finished_at timestamptz, superseded_by text)
 * }</pre>
 */
final class TargetRuns {

  static final String TABLE = "ferry_runs";

  private TargetRuns() {}

  /** The unfinished runs of one job: their ids and the tables they created. */
  record Unfinished(List<String> runIds, Set<String> tables) {
    boolean isEmpty() {
      return runIds.isEmpty();
    }
  }

  static String createTableSql(String schema) {
    return "CREATE TABLE IF NOT EXISTS "
        + table(schema)
        + " (job text NOT NULL, run_id text NOT NULL, mode text NOT NULL,"
        + " created_tables text[] NOT NULL, started_at timestamptz NOT NULL DEFAULT now(),"
        + " finished_at timestamptz, superseded_by text, PRIMARY KEY (job, run_id))";
  }

  /**
   * Runs of {@code job} that created tables in {@code schema} and neither finished nor were redone.
   */
  static Unfinished unfinished(Connection c, String schema, String job) throws SQLException {
    List<String> runs = new ArrayList<>();
    Set<String> tables = new LinkedHashSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT run_id, created_tables FROM "
                + table(schema)
                + " WHERE job = ? AND finished_at IS NULL AND superseded_by IS NULL"
                + " ORDER BY started_at")) {
      s.setString(1, job);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          runs.add(rs.getString(1));
          Array created = rs.getArray(2);
          for (Object t : (Object[]) created.getArray()) {
            tables.add((String) t);
          }
        }
      }
    }
    return new Unfinished(runs, tables);
  }

  /**
   * Marks the unfinished runs as redone by {@code runId} and deletes their dead letters: the tables
   * they loaded are dropped, and the re-run rejects those rows again.
   */
  static void supersede(Connection c, String schema, String job, Unfinished old, String runId)
      throws SQLException {
    Array ids = c.createArrayOf("text", old.runIds().toArray());
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM "
                + Identifiers.quote(schema)
                + "."
                + Identifiers.quote(WritePostgresDeadLetters.TABLE)
                + " WHERE job = ? AND run_id = ANY (?)")) {
      s.setString(1, job);
      s.setArray(2, ids);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE "
                + table(schema)
                + " SET superseded_by = ? WHERE job = ? AND run_id = ANY (?)")) {
      s.setString(1, runId);
      s.setString(2, job);
      s.setArray(3, ids);
      s.executeUpdate();
    }
  }

  /** Records that {@code runId} created {@code tables}; a repeated run id starts over. */
  static void started(
      Connection c, String schema, String job, String runId, String mode, List<String> tables)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + table(schema)
                + " (job, run_id, mode, created_tables) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (job, run_id) DO UPDATE SET mode = EXCLUDED.mode,"
                + " created_tables = EXCLUDED.created_tables, started_at = now(),"
                + " finished_at = NULL, superseded_by = NULL")) {
      s.setString(1, job);
      s.setString(2, runId);
      s.setString(3, mode.toLowerCase(Locale.ROOT));
      s.setArray(4, c.createArrayOf("text", tables.toArray()));
      s.executeUpdate();
    }
  }

  /** Marks {@code runId} finished: its tables are complete and belong to the user from now on. */
  static void finished(Connection c, String schema, String job, String runId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE " + table(schema) + " SET finished_at = now() WHERE job = ? AND run_id = ?")) {
      s.setString(1, job);
      s.setString(2, runId);
      s.executeUpdate();
    }
  }

  private static String table(String schema) {
    return Identifiers.quote(schema) + "." + Identifiers.quote(TABLE);
  }
}
