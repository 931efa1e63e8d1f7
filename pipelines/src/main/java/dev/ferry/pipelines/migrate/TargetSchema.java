package dev.ferry.pipelines.migrate;

import dev.ferry.pipelines.plan.Dialects;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.postgres.DdlPlan;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.transforms.postgres.TableTarget;
import dev.ferry.transforms.postgres.WritePostgresDeadLetters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The target schema's part of a migrate job, run by the client around the pipeline: {@link
 * #prepare} before any row moves, {@link #finish} once all are in.
 *
 * <ul>
 *   <li>{@code create}: in one transaction, the types and tables with their primary keys (so writes
 *       merge on the key and a retried batch cannot duplicate rows); a table that already exists
 *       stops the job before anything is written. After the load: unique and other indexes, foreign
 *       keys, checks and sequences, as pgloader does.
 *   <li>{@code append}, {@code upsert}: every target table must exist, or none (a first run: then
 *       they are created as in {@code create}); nothing else changes before the load.
 *   <li>{@code replace}: every target table must exist, then all are emptied in one {@code
 *       TRUNCATE}.
 *   <li>In these three, after the load: the sequences of the columns the source fills move past the
 *       loaded keys, so the target's own inserts do not collide with them.
 * </ul>
 *
 * The dead-letter table and {@value TargetRuns#TABLE} are created if missing, in every mode. A run
 * that creates tables records them there and is marked finished by {@link #finish}; a later run of
 * the same job drops and recreates the tables of one that never finished, whatever its mode, so a
 * failed or killed run's re-run ends with the whole schema.
 */
public final class TargetSchema {

  private TargetSchema() {}

  /**
   * Prepares the target for the load; throws a one-line {@link SourceException} otherwise. Returns
   * the foreign keys it set aside, which {@link #finish} puts back.
   *
   * <p>Tables that an unfinished run of the same job created ({@link TargetRuns}: it failed or was
   * killed before {@link #finish}) are dropped and created again in every mode, with that run's
   * dead letters deleted: a re-run then ends with the whole schema, as a first run does. Tables
   * that were there before ferry, or that a finished run created, are never dropped.
   *
   * @param runId this run's id, recorded in {@value TargetRuns#TABLE} when it creates tables
   */
  public static Prepared prepare(MigratePlan plan, String runId) {
    String job = plan.job().job().name();
    List<String> restore = new ArrayList<>();
    List<String> redone = new ArrayList<>();
    boolean created = false;
    RunLock lock = null;
    try (Connection c = plan.target().connect()) {
      lock = RunLock.tryAcquire(plan);
      c.setAutoCommit(false);
      DdlPlan ddl = plan.ddl().plan();
      run(c, "CREATE SCHEMA IF NOT EXISTS " + quote(plan.schema()), plan);
      run(c, TargetRuns.createTableSql(plan.schema()), plan);
      run(c, WritePostgresDeadLetters.createTableSql(plan.schema()), plan);
      List<TableTarget> present = present(c, plan);
      TargetRuns.Unfinished left = TargetRuns.unfinished(c, plan.schema(), job);
      if (!present.isEmpty()
          && !left.isEmpty()
          && present.stream().allMatch(t -> left.tables().contains(t.table()))) {
        if (!lock.held()) {
          throw new SourceException(
              "another run of job "
                  + job
                  + " is writing to schema "
                  + plan.schema()
                  + " at "
                  + plan.target().location()
                  + ": wait for it to end (or stop it), then run again");
        }
        run(
            c,
            "DROP TABLE "
                + present.stream()
                    .map(TableTarget::quotedName)
                    .collect(java.util.stream.Collectors.joining(", ")),
            plan);
        TargetRuns.supersede(c, plan.schema(), job, left, runId);
        present.forEach(t -> redone.add(t.displayName()));
        present = List.of();
      }
      switch (plan.mode()) {
        case CREATE -> {
          refuseExisting(present, left, plan);
          create(c, plan, ddl);
          created = true;
        }
        case APPEND, UPSERT -> {
          if (present.isEmpty()) {
            // A first run: nothing to append to or merge with yet.
            create(c, plan, ddl);
            created = true;
          } else {
            requireExisting(c, plan);
            restore.addAll(setAsideCyclicForeignKeys(c, plan));
          }
        }
        case REPLACE -> {
          if (!redone.isEmpty() && present.isEmpty()) {
            // The tables were ferry's own, half loaded: created again, they are empty already.
            create(c, plan, ddl);
            created = true;
          } else {
            requireExisting(c, plan);
            restore.addAll(setAsideCyclicForeignKeys(c, plan));
            run(c, plan.ddl().truncateAll(), plan);
          }
        }
      }
      if (created) {
        List<String> tables = plan.targets().values().stream().map(TableTarget::table).toList();
        TargetRuns.started(c, plan.schema(), job, runId, plan.mode().name(), tables);
      }
      c.commit();
    } catch (SQLException e) {
      release(lock);
      throw new SourceException(describe(e, plan), e);
    } catch (RuntimeException e) {
      release(lock);
      throw e;
    }
    return new Prepared(restore, created, runId, redone, lock);
  }

  /** Types, tables and their primary keys; the rest comes after the load ({@link #finish}). */
  private static void create(Connection c, MigratePlan plan, DdlPlan ddl) throws SQLException {
    for (String sql : ddl.beforeLoad()) {
      run(c, sql, plan);
    }
    for (String sql : ddl.primaryKeys()) {
      run(c, sql, plan);
    }
  }

  /**
   * What {@link #prepare} did, for {@link #finish} and {@link #restore}.
   *
   * @param restore the {@code ALTER TABLE … ADD CONSTRAINT} statements that put back the target's
   *     foreign keys between tables of one load wave (a cycle, or a table referencing itself): rows
   *     of such tables cannot arrive in an order that satisfies them, so they are dropped before
   *     the load and added back after it, with their own definitions
   * @param created the tables were created for this run ({@code create}, a first {@code append} or
   *     {@code upsert} into a schema without any of them, or a re-run redoing an unfinished one):
   *     indexes, foreign keys and checks come after the load
   * @param runId this run's id
   * @param redone the tables of an unfinished run of this job that were dropped and created again
   * @param lock the run's lock on (schema, job), released by {@link #finish} or {@link #restore}
   */
  public record Prepared(
      List<String> restore, boolean created, String runId, List<String> redone, RunLock lock) {
    public Prepared {
      restore = List.copyOf(restore);
      redone = List.copyOf(redone);
    }
  }

  private static List<String> setAsideCyclicForeignKeys(Connection c, MigratePlan plan)
      throws SQLException {
    List<String> restore = new ArrayList<>();
    List<String> drops = new ArrayList<>();
    String sql =
        "SELECT con.conname, pg_catalog.pg_get_constraintdef(con.oid)"
            + " FROM pg_catalog.pg_constraint con"
            + " JOIN pg_catalog.pg_class r ON r.oid = con.conrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace"
            + " JOIN pg_catalog.pg_class f ON f.oid = con.confrelid"
            + " JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace"
            + " WHERE con.contype = 'f' AND n.nspname = ? AND r.relname = ?"
            + " AND fn.nspname = ? AND f.relname = ANY (?::text[]) ORDER BY con.conname";
    for (List<String> wave : plan.waves()) {
      List<TableTarget> targets = wave.stream().map(plan.targets()::get).toList();
      String[] names = targets.stream().map(TableTarget::table).toArray(String[]::new);
      for (TableTarget t : targets) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setString(1, t.schema());
          s.setString(2, t.table());
          s.setString(3, t.schema());
          s.setArray(4, c.createArrayOf("text", names));
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              String constraint = quote(rs.getString(1));
              drops.add("ALTER TABLE " + t.quotedName() + " DROP CONSTRAINT " + constraint);
              restore.add(
                  "ALTER TABLE "
                      + t.quotedName()
                      + " ADD CONSTRAINT "
                      + constraint
                      + " "
                      + rs.getString(2));
            }
          }
        }
      }
    }
    for (String drop : drops) {
      run(c, drop, plan);
    }
    return restore;
  }

  /**
   * Runs the after-load statements (of {@code create} mode; in the others, the sequences' moves),
   * each on its own, and returns those that failed with PostgreSQL's reason: a foreign key the data
   * breaks must not undo the load.
   */
  public static List<String> finish(MigratePlan plan, Prepared prepared) {
    List<String> statements = new ArrayList<>(prepared.restore());
    if (prepared.created()) {
      DdlPlan ddl = plan.ddl().plan();
      List<String> after = new ArrayList<>(ddl.afterLoad());
      after.removeAll(ddl.primaryKeys());
      statements.addAll(after);
    } else {
      statements.addAll(plan.ddl().advanceSequences());
    }
    try {
      List<String> failed = runEach(plan, statements);
      if (prepared.created()) {
        try (Connection c = plan.target().connect()) {
          TargetRuns.finished(c, plan.schema(), plan.job().job().name(), prepared.runId());
        }
      }
      return failed;
    } catch (SQLException e) {
      throw new SourceException(describe(e, plan), e);
    } finally {
      release(prepared.lock());
    }
  }

  /**
   * After a failed run: puts back the foreign keys {@link #prepare} set aside, so a failure never
   * leaves the target with fewer constraints than it had. Returns the statements that failed.
   */
  public static List<String> restore(MigratePlan plan, Prepared prepared) {
    try {
      if (prepared.restore().isEmpty()) {
        return List.of();
      }
      return runEach(plan, prepared.restore());
    } catch (SQLException e) {
      return List.of("cannot reconnect to put foreign keys back: " + firstLine(e.getMessage()));
    } finally {
      release(prepared.lock());
    }
  }

  private static void release(RunLock lock) {
    if (lock != null) {
      lock.close();
    }
  }

  /**
   * Runs each statement on its own (autocommit), so one the data breaks does not stop the others;
   * returns those that failed with PostgreSQL's reason. Throws only when it cannot connect.
   */
  private static List<String> runEach(MigratePlan plan, List<String> statements)
      throws SQLException {
    List<String> failed = new ArrayList<>();
    try (Connection c = plan.target().connect()) {
      c.setAutoCommit(true);
      for (String sql : statements) {
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        } catch (SQLException e) {
          failed.add(firstLine(sql) + ": " + firstLine(e.getMessage()));
        }
      }
    }
    return failed;
  }

  private static void refuseExisting(
      List<TableTarget> present, TargetRuns.Unfinished left, MigratePlan plan) {
    if (present.isEmpty()) {
      return;
    }
    List<String> names = present.stream().map(TableTarget::displayName).toList();
    List<String> ours =
        present.stream()
            .filter(t -> left.tables().contains(t.table()))
            .map(TableTarget::displayName)
            .toList();
    List<String> theirs = names.stream().filter(n -> !ours.contains(n)).toList();
    throw new SourceException(
        "target "
            + plan.target().location()
            + " already has "
            + String.join(", ", theirs)
            + (ours.isEmpty()
                ? ""
                : " (and " + String.join(", ", ours) + " from an unfinished run of this job)")
            + ": mode create never writes into tables it did not create; use mode append, upsert"
            + " or replace, or drop "
            + (theirs.size() == 1 ? "it" : "them")
            + (ours.isEmpty() ? "" : " and run again to redo the unfinished run"));
  }

  /** The target tables that exist. */
  private static List<TableTarget> present(Connection c, MigratePlan plan) throws SQLException {
    List<TableTarget> found = new ArrayList<>();
    for (TableTarget t : plan.targets().values()) {
      if (existing(c, List.of(t), true).size() == 1) {
        found.add(t);
      }
    }
    return found;
  }

  private static void requireExisting(Connection c, MigratePlan plan) throws SQLException {
    List<String> missing = existing(c, plan.targets().values(), false);
    if (!missing.isEmpty()) {
      throw new SourceException(
          "target "
              + plan.target().location()
              + " has no table "
              + String.join(", ", missing)
              + ": mode "
              + plan.mode().name().toLowerCase(java.util.Locale.ROOT)
              + " writes into existing tables; run once with mode create, or create them");
    }
  }

  /** The target tables that exist ({@code present}) or are missing, as schema.table. */
  private static List<String> existing(
      Connection c, java.util.Collection<TableTarget> targets, boolean present)
      throws SQLException {
    List<String> found = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = r.relnamespace WHERE n.nspname = ? AND r.relname = ?")) {
      for (TableTarget t : targets) {
        s.setString(1, t.schema());
        s.setString(2, t.table());
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next() == present) {
            found.add(t.displayName());
          }
        }
      }
    }
    return found;
  }

  private static void run(Connection c, String sql, MigratePlan plan) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new SQLException(
          firstLine(e.getMessage()) + " (while running: " + firstLine(sql) + ")",
          e.getSQLState(),
          e);
    }
  }

  private static String describe(SQLException e, MigratePlan plan) {
    JdbcLogin login =
        JdbcLogin.of(plan.target().url(), plan.target().user(), plan.target().password());
    return "target: " + Dialects.of("postgres").describe(e, login);
  }

  private static String quote(String name) {
    return dev.ferry.schemas.sql.Identifiers.quote(name);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip();
    int end = line.indexOf('\n');
    line = end < 0 ? line : line.substring(0, end);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
