package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static dev.ferry.runners.FaultFixture.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TcpProxy;
import dev.ferry.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source's connections drop while ferry reads it, as when its server restarts: a {@link
 * TcpProxy} between ferry and a MariaDB or PostgreSQL source closes every open connection once a
 * few MB of rows have come through, and refuses new ones for a second. The run fails with exit 3
 * and one line naming the table (reads are not retried: a new connection would read another
 * snapshot), or finishes; a re-run of the same job file ({@code mode: create}) redoes the tables
 * the failed run created and ends with exactly the source's rows, the full schema and the rejected
 * rows once.
 */
class SourceDropTest {

  /** Bytes from the source before the cut: a fraction of the ~9 MB the tables take. */
  private static final long CUT_AFTER = 2_000_000;

  @TempDir Path dir;

  @Test
  void mariaDbSourceDropsMidRead() throws Exception {
    MariaDbServer maria = MariaDbServer.shared();
    TestDatabase db = maria.createDatabase("faults_drop_source");
    try (Connection c = db.connect()) {
      try (Statement s = c.createStatement()) {
        for (String sql : FaultFixture.ddl("BIGINT", "VARCHAR(255)")) {
          s.execute(sql);
        }
      }
      c.setAutoCommit(false);
      FaultFixture.fill(c);
      c.commit();
    }
    try (TcpProxy proxy = TcpProxy.to(maria.port())) {
      String url = db.jdbcUrl().replace(":" + maria.port() + "/", ":" + proxy.port() + "/");
      dropMidReadThenRunAgain(db, proxy, "kind: mysql\nurl: " + url, "maria");
    }
  }

  @Test
  void postgresSourceDropsMidRead() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    TestDatabase db = pg.createDatabase("faults_drop_pg_source");
    try (Connection c = db.connect()) {
      try (Statement s = c.createStatement()) {
        for (String sql : FaultFixture.ddl("bigint", "text")) {
          s.execute(sql);
        }
      }
      c.setAutoCommit(false);
      FaultFixture.fill(c);
      c.commit();
    }
    try (TcpProxy proxy = TcpProxy.to(pg.port())) {
      String url = db.jdbcUrl().replace(":" + pg.port() + "/", ":" + proxy.port() + "/");
      dropMidReadThenRunAgain(db, proxy, "kind: postgres\nurl: " + url, "pg");
    }
  }

  private void dropMidReadThenRunAgain(
      TestDatabase source, TcpProxy proxy, String sourceYaml, String name) throws Exception {
    Map<String, FaultFixture.Digest> expected;
    try (Connection c = source.connect()) {
      expected = FaultFixture.expected(c, "");
    }
    TestDatabase target = PostgresServer.shared().createDatabase("faults_drop_target_" + name);
    String job = "source-drop-" + name;
    Path file =
        FaultFixture.job(
            dir,
            job,
            sourceYaml + "\nuser: " + source.user() + "\npassword: ${SRC_PASSWORD}",
            target,
            "create");
    Map<String, String> env = new HashMap<>(FaultFixture.env());
    env.put("SRC_PASSWORD", source.password());

    AtomicLong atCut = new AtomicLong(-1);
    Thread cutter =
        new Thread(
            () -> {
              try {
                if (FaultFixture.await(() -> proxy.bytesToClients() > CUT_AFTER, 180)) {
                  proxy.refuse();
                  proxy.cut();
                  atCut.set(proxy.bytesToClients());
                  Thread.sleep(1_000);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                proxy.accept();
              }
            },
            "cut-source");
    cutter.start();
    Cli.Result first = ferry(env, "run", file.toString());
    cutter.join();
    assertTrue(atCut.get() > 0, "the source's connections were cut");
    long beforeRerun = proxy.bytesToClients();

    Cli.Result last = first;
    if (first.exit() != ExitCode.OK) {
      assertEquals(ExitCode.FAILURE, first.exit(), first.out() + first.err());
      String line = first.withoutProgress().oneLineError();
      assertTrue(line.matches("ferry: cannot read table (items|parts): .*"), line);
      assertTrue(!line.contains(source.password()), line);
      last = ferry(env, "run", file.toString()).exits(ExitCode.OK);
      assertTrue(last.out().contains("did not finish: created"), last.out());
    }
    long fullRead = proxy.bytesToClients() - beforeRerun;
    System.err.printf(
        "SourceDropTest %s: cut after %d bytes of a %d-byte read; first run exit %d: %s%n",
        name,
        atCut.get(),
        fullRead,
        first.exit(),
        first.exit() == 0 ? "finished" : first.withoutProgress().errLines().get(0));
    if (first.exit() != ExitCode.OK) {
      assertTrue(atCut.get() < fullRead, "the cut landed mid-read");
    }
    FaultFixture.assertConverged(target, expected, job);
    FaultFixture.assertFullSchema(target);
    // The failed run's dead letters went with its tables: each rejected row is there once.
    assertEquals(REJECTED, FaultFixture.deadLetters(target, job, null), "dead letters, once");
  }
}
