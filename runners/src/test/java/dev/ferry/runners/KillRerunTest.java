package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static dev.ferry.runners.FaultFixture.ITEMS;
import static dev.ferry.runners.FaultFixture.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run} in a child JVM, killed with SIGKILL while it copies rows into PostgreSQL (no
 * shutdown hook, no rollback but the server's), then the same job file run again: the target holds
 * exactly the source's rows, with the full schema, in each mode. In {@code create} the re-run finds
 * the tables the killed run created (its row in {@code ferry_runs} is unfinished), drops them with
 * that run's dead letters and loads them again; in the other modes the key makes the re-run's
 * writes merge with what the killed run committed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillRerunTest {

  private static final String JOB = "kill-rerun";

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
    target = PostgresServer.shared().createDatabase("faults_kill_rerun");
  }

  @Test
  @Order(1)
  void create() throws Exception {
    killThenRunAgain("create");
    // The killed run's tables were ferry's, so they were redone; the dead letters count once.
    assertEquals(REJECTED, FaultFixture.deadLetters(target, JOB, null), "dead letters, all runs");
  }

  @Test
  @Order(2)
  void append() throws Exception {
    FaultFixture.makeStale(target, "append");
    killThenRunAgain("append");
  }

  @Test
  @Order(3)
  void upsert() throws Exception {
    FaultFixture.makeStale(target, "upsert");
    killThenRunAgain("upsert");
  }

  @Test
  @Order(4)
  void replace() throws Exception {
    FaultFixture.makeStale(target, "replace");
    killThenRunAgain("replace");
  }

  private void killThenRunAgain(String mode) throws Exception {
    Path job = FaultFixture.job(dir, JOB, source, target, mode);
    Process child = start(job);
    try {
      assertTrue(
          FaultFixture.await(() -> FaultFixture.copying(target) || !child.isAlive(), 180),
          "the child copies rows");
      assertTrue(child.isAlive(), () -> "the child still runs; it printed:\n" + output());
      long atKill = FaultFixture.count(target, "items");
      child.destroyForcibly(); // SIGKILL on Linux
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends");
      assertEquals(137, child.exitValue(), "killed by SIGKILL");
      assertTrue(atKill < ITEMS - REJECTED, "rows present at the kill (" + atKill + ") < all");
      System.err.printf("KillRerunTest %s: %d items at the kill%n", mode, atKill);
    } finally {
      child.destroyForcibly();
    }
    Cli.Result again = ferry(FaultFixture.env(), "run", job.toString()).exits(ExitCode.OK);
    if (mode.equals("create")) {
      assertTrue(
          again.out().matches("(?s).*did not finish: created [^\\n]*faults.items.*"), again.out());
    }
    FaultFixture.assertConverged(target, expected);
    FaultFixture.assertFullSchema(target);
    String runId = FaultFixture.runId(again);
    assertEquals(REJECTED, FaultFixture.deadLetters(target, JOB, runId), "dead letters of the run");
    if (!mode.equals("create")) {
      // Earlier runs' dead letters are still there under their run ids: counted once.
      ferry(FaultFixture.env(), "verify", job.toString()).exits(ExitCode.OK);
    }
  }

  private Process start(Path job) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(classpath);
    command.add(Ferry.class.getName());
    command.add("run");
    command.add(job.toString());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(new File("."))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.txt").toFile());
    pb.environment().putAll(FaultFixture.env());
    return pb.start();
  }

  private static String output() {
    try {
      return Files.readString(dir.resolve("child.txt"));
    } catch (java.io.IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
