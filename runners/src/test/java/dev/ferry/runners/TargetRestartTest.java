package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static dev.ferry.runners.FaultFixture.ITEMS;
import static dev.ferry.runners.FaultFixture.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target PostgreSQL is stopped while ferry copies rows into it ({@code pg_ctl stop -m fast}:
 * every session is ended) and started again a second later, once in each mode. The run either
 * retries the lost transactions and finishes, or fails with exit 3 and one line; a re-run of the
 * same job file then converges. Either way the target ends with exactly the source's rows (count,
 * distinct keys, SHA-256 per table), the full schema, the rejected rows once in the last run's dead
 * letters, and {@code ferry verify} finds it equal.
 *
 * <p>The modes run in order on one schema: {@code create} first, then each later mode starts from
 * the target the one before left, made stale (rows deleted, rows changed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TargetRestartTest {

  private static final String JOB = "target-restart";

  @TempDir static Path dir;
  static TestDatabase target;
  static String source;
  static Map<String, FaultFixture.Digest> expected;

  @BeforeAll
  static void source() throws Exception {
    Path db = FaultFixture.sqliteSource(dir);
    source = "kind: sqlite\nurl: jdbc:sqlite:" + db;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      expected = FaultFixture.expected(c, "");
    }
    target = PostgresServer.shared().createDatabase("faults_target_restart");
  }

  @Test
  @Order(1)
  void create() throws Exception {
    restartMidLoadAndConverge("create", 0);
  }

  @Test
  @Order(2)
  void append() throws Exception {
    restartMidLoadAndConverge("append", FaultFixture.makeStale(target, "append"));
  }

  @Test
  @Order(3)
  void upsert() throws Exception {
    restartMidLoadAndConverge("upsert", FaultFixture.makeStale(target, "upsert"));
  }

  @Test
  @Order(4)
  void replace() throws Exception {
    restartMidLoadAndConverge("replace", FaultFixture.makeStale(target, "replace"));
  }

  private void restartMidLoadAndConverge(String mode, long before) throws Exception {
    Path job = FaultFixture.job(dir, JOB, source, target, mode);
    PostgresServer pg = PostgresServer.shared();
    AtomicLong atStop = new AtomicLong(-2);
    Thread restarter =
        new Thread(
            () -> {
              try {
                if (FaultFixture.await(() -> FaultFixture.copying(target), 180)) {
                  atStop.set(FaultFixture.count(target, "items"));
                  pg.stop();
                  Thread.sleep(1_000);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                pg.start();
              }
            },
            "restart-target");
    restarter.start();
    Cli.Result first = ferry(FaultFixture.env(), "run", job.toString());
    restarter.join();
    assertTrue(atStop.get() >= -1, "the target was stopped while a COPY ran");
    assertTrue(
        atStop.get() < ITEMS - REJECTED,
        "rows present at the stop (" + atStop.get() + ") < all of them");

    Cli.Result last = first;
    if (first.exit() != ExitCode.OK) {
      assertEquals(ExitCode.FAILURE, first.exit(), first.out() + first.err());
      String line = first.withoutProgress().oneLineError();
      assertTrue(line.contains(target.name()) || line.contains("localhost"), line);
      last = ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.OK);
    }
    System.err.printf(
        "TargetRestartTest %s: %d items before, %d at the stop; first run exit %d: %s%n",
        mode,
        before,
        atStop.get(),
        first.exit(),
        first.exit() == 0 ? "retried and finished" : first.withoutProgress().errLines().get(0));
    FaultFixture.assertConverged(target, expected);
    FaultFixture.assertFullSchema(target);
    String runId = FaultFixture.runId(last);
    assertEquals(REJECTED, FaultFixture.deadLetters(target, JOB, runId), "dead letters of the run");
    if (mode.equals("create")) {
      assertEquals(
          REJECTED, FaultFixture.deadLetters(target, JOB, null), "dead letters, all runs: once");
    }
    assertTrue(last.out().contains(REJECTED + " rejected rows"), last.out());
    if (!mode.equals("create")) {
      // Earlier runs' dead letters are still there under their run ids: counted once.
      ferry(FaultFixture.env(), "verify", job.toString()).exits(ExitCode.OK);
    }
  }
}
