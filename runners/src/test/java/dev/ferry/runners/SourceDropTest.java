package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static dev.ferry.runners.FaultFixture.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.MongoServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TcpProxy;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestMongoDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
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

  @Test
  void mongoDbSourceDropsMidRead() throws Exception {
    MongoServer mongo = MongoServer.shared();
    TestMongoDatabase db = mongo.createDatabase("faults_drop_mongo");
    List<BsonDocument> documents = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    String note = "n".repeat(200);
    for (int i = 1; i <= FaultFixture.ITEMS; i++) {
      int grp = i % 1000 == 0 ? -1 : i % 97;
      String n = i % 50 == 0 ? null : note + i;
      documents.add(
          new BsonDocument("_id", new BsonInt64(i))
              .append("grp", new BsonInt32(grp))
              .append("name", new BsonString("item-" + i))
              .append("note", n == null ? BsonNull.VALUE : new BsonString(n)));
      if (grp >= 0) {
        rows.add(java.util.Arrays.asList(i, grp, "item-" + i, n));
      }
    }
    db.insert("items", documents);
    TestDatabase target = PostgresServer.shared().createDatabase("faults_drop_target_mongo");
    try (TcpProxy proxy = TcpProxy.to(mongo.port())) {
      String job = "source-drop-mongo";
      Path file =
          FaultFixture.job(
              dir,
              job,
              "kind: mongodb\nurl: mongodb://127.0.0.1:"
                  + proxy.port()
                  + "/"
                  + db.name()
                  + "\ntables: [items]",
              target,
              "create");
      Map<String, String> env = FaultFixture.env();
      AtomicLong cutAt = new AtomicLong(-1);
      Thread cutter = cutter(proxy, cutAt);
      Cli.Result first = ferry(env, "run", file.toString());
      cutter.join();
      long beforeRerun = proxy.bytesToClients();
      Cli.Result last = first;
      if (first.exit() != ExitCode.OK) {
        assertEquals(ExitCode.FAILURE, first.exit(), first.out() + first.err());
        String line = first.withoutProgress().oneLineError();
        assertTrue(
            line.matches(
                "ferry: mongodb: lost the connection to 127\\.0\\.0\\.1:\\d+ while trying to read"
                    + " items \\(.*\\): the server restarted or closed it; check the network and"
                    + " the server's log, then run the job again"),
            line);
        last = ferry(env, "run", file.toString()).exits(ExitCode.OK);
        assertTrue(last.out().contains("did not finish: created"), last.out());
      }
      System.err.printf(
          "SourceDropTest mongo: cut after %d bytes of a %d-byte read; first run exit %d: %s%n",
          cutAt.get(),
          proxy.bytesToClients() - beforeRerun,
          first.exit(),
          first.exit() == 0 ? "finished" : first.withoutProgress().errLines().get(0));
      assertTrue(cutAt.get() > 0, "the source's connections were cut");
      try (Connection c = target.connect()) {
        FaultFixture.Digest items =
            FaultFixture.digest(
                c,
                "SELECT _id, grp, name, note FROM " + FaultFixture.SCHEMA + ".items ORDER BY _id");
        assertEquals(FaultFixture.digestOf(rows), items, "items: the collection's documents");
      }
      assertEquals(REJECTED, FaultFixture.deadLetters(target, job, null), "dead letters, once");
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
    Thread cutter = cutter(proxy, atCut);
    Cli.Result first = ferry(env, "run", file.toString());
    cutter.join();
    assertTrue(atCut.get() > 0, "the source's connections were cut");
    long beforeRerun = proxy.bytesToClients();

    Cli.Result last = first;
    if (first.exit() != ExitCode.OK) {
      assertEquals(ExitCode.FAILURE, first.exit(), first.out() + first.err());
      String line = first.withoutProgress().oneLineError();
      // Where the cut finds a table being read, or one whose key ranges are being planned.
      assertTrue(
          line.matches(
              "ferry: cannot (read|plan the read of) table (items|parts): lost the connection"
                  + " to .* run the job again"),
          line);
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
    FaultFixture.assertConverged(target, expected);
    FaultFixture.assertFullSchema(target);
    // The failed run's dead letters went with its tables: each rejected row is there once.
    assertEquals(REJECTED, FaultFixture.deadLetters(target, job, null), "dead letters, once");
  }

  /**
   * Starts a thread that, once {@link #CUT_AFTER} bytes came from the source, refuses new
   * connections, cuts the open ones, and lets new ones through again a second later.
   */
  private static Thread cutter(TcpProxy proxy, AtomicLong atCut) {
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
    return cutter;
  }
}
