package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code mode: create} re-run does with tables that exist, by who made them ({@code
 * ferry_runs}): a finished run's tables and tables that were there before ferry are refused with
 * what to do; an unfinished run's tables are redone, but not while another run of the job holds its
 * lock. The fault tests ({@code KillRerunTest}, {@code SourceDropTest}) make real unfinished runs;
 * here the record is written by hand to reach the mixed cases.
 */
class UnfinishedRunTest {

  @TempDir static Path dir;
  static String sqlite;

  @BeforeAll
  static void source() throws Exception {
    Path db = dir.resolve("small.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      s.execute("CREATE UNIQUE INDEX items_name ON items (name)");
      s.execute("CREATE TABLE parts (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES items)");
      s.execute("INSERT INTO items VALUES (1, 'a'), (2, 'b')");
      s.execute("INSERT INTO parts VALUES (1, 1), (2, 2)");
    }
    sqlite = "kind: sqlite\nurl: jdbc:sqlite:" + db;
  }

  private static Path job(TestDatabase target, String name) throws Exception {
    Path job = FaultFixture.job(dir, name, sqlite, target, "create");
    // The fixture's rule names items.grp, which this source has not.
    Files.writeString(
        job, Files.readString(job).replaceAll("(?s)rules:.*max_rejected", "max_rejected"));
    return job;
  }

  @Test
  void aFinishedRunsTablesAreRefused() throws Exception {
    TestDatabase target = PostgresServer.shared().createDatabase("unfinished_finished");
    Path job = job(target, "finished");
    ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.OK);
    assertEquals(
        "1", one(target, "SELECT count(*) FROM faults.ferry_runs WHERE finished_at IS NOT NULL"));
    String line =
        ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.FAILURE).oneLineError();
    assertTrue(
        line.contains(
            "already has faults.items, faults.parts: mode create never writes into"
                + " tables it did not create; use mode append, upsert or replace, or drop them"),
        line);
    assertFalse(line.contains("unfinished run"), line);
  }

  @Test
  void aTableFromBeforeFerryIsRefusedEvenBesideAnUnfinishedRunsTable() throws Exception {
    TestDatabase target = PostgresServer.shared().createDatabase("unfinished_mixed");
    Path job = job(target, "mixed");
    ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.OK);
    // As if the run had created parts only and died, and items had been the user's all along.
    execute(
        target,
        "UPDATE faults.ferry_runs SET finished_at = NULL, created_tables = '{parts}'",
        "INSERT INTO faults.items VALUES (99, 'the user''s row')");
    String line =
        ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.FAILURE).oneLineError();
    assertTrue(
        line.contains(
            "already has faults.items (and faults.parts from an unfinished run of this job):"
                + " mode create never writes into tables it did not create; use mode append,"
                + " upsert or replace, or drop it and run again to redo the unfinished run"),
        line);
    assertEquals("3", one(target, "SELECT count(*) FROM faults.items"), "nothing dropped");
  }

  @Test
  void anUnfinishedRunsTablesAreRedoneButNotWhileTheJobRuns() throws Exception {
    TestDatabase target = PostgresServer.shared().createDatabase("unfinished_redo");
    Path job = job(target, "redo");
    ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.OK);
    execute(
        target,
        "UPDATE faults.ferry_runs SET finished_at = NULL",
        "DROP INDEX faults.items_name",
        "DELETE FROM faults.parts WHERE id = 2",
        "INSERT INTO faults.ferry_dead_letters VALUES ('redo', (SELECT run_id FROM"
            + " faults.ferry_runs), 'items', 'write', 'x', '{}', now())");
    try (Connection lock = target.connect();
        Statement s = lock.createStatement()) {
      s.execute(
          "SELECT pg_advisory_lock(hashtext('ferry run into schema faults'), hashtext('redo'))");
      String line =
          ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.FAILURE).oneLineError();
      assertTrue(
          line.contains(
              "another run of job redo is writing to schema faults at "
                  + "localhost:"
                  + PostgresServer.shared().port()
                  + "/unfinished_redo: wait for it to end (or stop it), then run again"),
          line);
    }
    Cli.Result again = ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.OK);
    assertTrue(
        again
            .out()
            .contains(
                "an earlier run of job redo did not finish: created faults.items, faults.parts again"),
        again.out());
    assertEquals("2", one(target, "SELECT count(*) FROM faults.parts"));
    assertEquals("0", one(target, "SELECT count(*) FROM faults.ferry_dead_letters"));
    assertEquals(
        "1", one(target, "SELECT count(*) FROM pg_indexes WHERE indexname = 'items_name'"));
    assertEquals(
        "1 1",
        one(
            target,
            "SELECT count(*) FILTER (WHERE superseded_by IS NOT NULL) || ' '"
                + " || count(*) FILTER (WHERE finished_at IS NOT NULL) FROM faults.ferry_runs"));
    ferry(FaultFixture.env(), "verify", job.toString()).exits(ExitCode.OK);
  }

  private static void execute(TestDatabase db, String... sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  private static String one(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
