package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.FlinkCluster;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TableChecksum;
import dev.ferry.testkit.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run --runner flink} on a real Flink 1.19 session cluster (JobManager and TaskManager
 * in their own JVMs, sent {@code ferry-flink.jar}, whose path failsafe passes as {@value
 * FlinkJar#PROPERTY}) and on an embedded Flink: the same SQLite → PostgreSQL job as on the
 * DirectRunner gives the same counts, report and rows; a job that fails on the cluster ends with
 * exit 3 and Flink's root cause in one line, and one cancelled there is reported as cancelled.
 */
class FlinkClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TABLES =
      List.of("customers", "order_items", "orders", "products", "ferry_dead_letters");

  @TempDir static Path dir;
  static Path db;
  static FlinkCluster flink;
  static Snapshot direct;

  @BeforeAll
  static void shopAndCluster() throws Exception {
    db = ShopFixture.makeShopDb(dir);
    flink = FlinkCluster.shared();
    TestDatabase target = PostgresServer.shared().createDatabase("flink_direct");
    Cli.Result r = run(target, "direct");
    // As in MigrateSqliteTest: rejected orders leave items whose foreign key cannot be added.
    assertEquals(1, r.exit(), r.out() + r.err());
    direct = Snapshot.of(target, dir.resolve("direct.json"));
  }

  @AfterAll
  static void stopCluster() {
    flink.stop();
  }

  @Test
  void sessionClusterAtParallelismTwoWritesWhatTheDirectRunnerWrites() throws Exception {
    TestDatabase target = PostgresServer.shared().createDatabase("flink_cluster");
    Cli.Result r =
        run(
            target,
            "cluster",
            "--runner",
            "flink",
            "--flink-master",
            flink.masterAddress(),
            "--parallelism",
            "2");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("flink runner"), r.out());
    Snapshot cluster = Snapshot.of(target, dir.resolve("cluster.json"));
    assertEquals(direct.counts(), cluster.counts(), "per-table read, written, rejected");
    assertEquals(direct.rows(), cluster.rows(), "row contents of every table");
    assertTrue(cluster.reconciled(), "read = written + rejected");
    // It ran there: the cluster knows the job, finished, with its tasks at parallelism 2.
    String jobs = flink.get("/jobs/overview");
    assertTrue(jobs.contains("\"name\":\"ferry-shop-pg\""), jobs);
    assertTrue(jobs.contains("\"state\":\"FINISHED\""), jobs);
  }

  @Test
  void verifyOnTheClusterFindsWhatTheDirectRunnerFinds() throws Exception {
    TestDatabase target = PostgresServer.shared().createDatabase("flink_verify");
    assertEquals(1, run(target, "verify").exit());
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("UPDATE \"Shop Data\".orders SET status = 'tampered' WHERE id < 4");
      s.execute("DELETE FROM \"Shop Data\".order_items WHERE order_id > 1495");
    }
    Map<String, String> verdicts = new TreeMap<>();
    for (String runner : List.of("direct", "cluster")) {
      Path report = dir.resolve("verify-" + runner + ".json");
      List<String> args =
          new ArrayList<>(
              List.of("verify", dir.resolve("verify.yaml").toString(), "--report", "" + report));
      if (runner.equals("cluster")) {
        args.addAll(List.of("--runner", "flink", "--flink-master", flink.masterAddress()));
      }
      Cli.Result r = ferry(Map.of("PG_PASSWORD", target.password()), args.toArray(String[]::new));
      assertEquals(ExitCode.REJECTED, r.exit(), r.out() + r.err());
      verdicts.put(runner, JSON.readTree(report.toFile()).path("tables").toString());
    }
    assertEquals(verdicts.get("direct"), verdicts.get("cluster"), "verdicts and samples");
    assertTrue(verdicts.get("cluster").contains("tampered"), verdicts.get("cluster"));
  }

  @Test
  void embeddedFlinkWithoutMasterWritesWhatTheDirectRunnerWrites() throws Exception {
    TestDatabase target = PostgresServer.shared().createDatabase("flink_embedded");
    Cli.Result r = run(target, "embedded", "--runner", "flink");
    assertEquals(1, r.exit(), r.out() + r.err());
    Snapshot embedded = Snapshot.of(target, dir.resolve("embedded.json"));
    assertEquals(direct.counts(), embedded.counts(), "per-table read, written, rejected");
    assertEquals(direct.rows(), embedded.rows(), "row contents of every table");
  }

  @Test
  void quickstartLakehouseOnTheClusterHoldsWhatTheDirectRunnerWrites() throws Exception {
    Map<String, Map<String, String>> lakes = new TreeMap<>();
    Map<String, Map<String, String>> reports = new TreeMap<>();
    for (String runner : List.of("direct", "cluster")) {
      Path lake = dir.resolve("lake-" + runner);
      Path runDir = Files.createDirectories(dir.resolve("quickstart-" + runner));
      Path job = ShopFixture.quickstartJob(runDir, db, lake);
      Path report = runDir.resolve("report.json");
      List<String> args =
          new ArrayList<>(List.of("run", job.toString(), "--report", report.toString()));
      if (runner.equals("cluster")) {
        args.addAll(List.of("--runner", "flink", "--flink-master", flink.masterAddress()));
      }
      Cli.Result r = ferry(args.toArray(String[]::new));
      assertEquals(0, r.exit(), r.out() + r.err());
      lakes.put(runner, lakeChecksums(lake));
      reports.put(runner, reportCounts(report));
    }
    assertEquals(
        lakes.get("direct"), lakes.get("cluster"), "every bronze, silver, gold, dead-letter table");
    assertEquals(reports.get("direct"), reports.get("cluster"), "per-table counts of the report");
    assertTrue(lakes.get("cluster").containsKey("gold/daily_revenue"), lakes.toString());
  }

  /** Per Delta table of the lake, its row count and checksum without the per-run columns. */
  private static Map<String, String> lakeChecksums(Path lake) throws Exception {
    Map<String, String> sums = new TreeMap<>();
    List<Path> logs;
    try (var walk = Files.walk(lake)) {
      logs = walk.filter(p -> p.getFileName().toString().equals("_delta_log")).toList();
    }
    for (Path log : logs) {
      Path table = log.getParent();
      List<Map<String, Object>> rows =
          DeltaKernelReader.latest(table.toString()).rows().stream()
              .map(FlinkClusterIT::withoutRunValues)
              .toList();
      List<String> columns =
          rows.isEmpty()
              ? List.of()
              : rows.get(0).keySet().stream().filter(c -> !PER_RUN.contains(c)).toList();
      sums.put(
          lake.relativize(table).toString(),
          columns + " " + TableChecksum.of(rows, columns).toString());
    }
    return sums;
  }

  /** A dead letter of silver holds its bronze row's values, with that run's id and time. */
  private static Map<String, Object> withoutRunValues(Map<String, Object> row) {
    if (!(row.get("values") instanceof String values) || !values.startsWith("{")) {
      return row;
    }
    try {
      var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(values);
      PER_RUN.forEach(tree::remove);
      Map<String, Object> copy = new java.util.HashMap<>(row);
      copy.put("values", tree.toString());
      return copy;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Columns a run fills with its own id and time. */
  private static final java.util.Set<String> PER_RUN =
      java.util.Set.of("_ingested_at", "_run_id", "run_id", "failed_at");

  private static Map<String, String> reportCounts(Path report) throws Exception {
    Map<String, String> counts = new TreeMap<>();
    for (JsonNode t : JSON.readTree(report.toFile()).path("tables")) {
      counts.put(
          t.path("table").asText(),
          t.path("read").asLong()
              + " "
              + t.path("written").asLong()
              + " "
              + t.path("rejected").asLong()
              + " "
              + t.path("superseded").asLong());
    }
    return counts;
  }

  @Test
  void aJobThatFailsOnTheClusterExitsThreeWithItsCauseInOneLine() throws Exception {
    TestDatabase target = PostgresServer.shared().createDatabase("flink_failing");
    // The dead-letter table exists and refuses every row: a rejected row can go nowhere, so the
    // job must fail (on the TaskManager, where the rows are written).
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA \"Shop Data\"");
      s.execute(
          "CREATE TABLE \"Shop Data\".ferry_dead_letters (job text NOT NULL, run_id text NOT"
              + " NULL, table_name text NOT NULL, stage text NOT NULL, reason text NOT NULL,"
              + " row_values jsonb, failed_at timestamptz NOT NULL)");
      s.execute(
          "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$BEGIN RAISE EXCEPTION 'dead letters are not taken here'; END$$");
      s.execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON \"Shop Data\".ferry_dead_letters"
              + " FOR EACH ROW EXECUTE FUNCTION refuse()");
    }
    Cli.Result r =
        run(target, "failing", "--runner", "flink", "--flink-master", flink.masterAddress());
    assertEquals(ExitCode.FAILURE, r.exit(), r.out() + r.err());
    String line = r.withoutProgress().oneLineError();
    assertTrue(line.startsWith("ferry: the Flink job failed: "), line);
    assertTrue(line.contains("ferry_dead_letters"), line);
    assertTrue(line.contains("dead letters are not taken here"), line);
    assertFalse(r.err().contains(target.password()) || r.out().contains(target.password()));
    assertTrue(flink.get("/jobs/overview").contains("\"state\":\"FAILED\""));
  }

  @Test
  void aJobCancelledOnTheClusterIsReportedCancelled() throws Exception {
    Path big =
        ShopFixture.sqlite(
            dir.resolve("big.db"),
            "CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000)"
                + " INSERT INTO events SELECT i, printf('event %d, long enough to take time', i)"
                + " FROM n");
    Path job =
        ShopFixture.write(
            dir,
            "big.yaml",
            """
            name: big-cancel
            source: {kind: sqlite, url: "jdbc:sqlite:%s"}
            target: {kind: lakehouse, path: "%s"}
            """
                .formatted(big, dir.resolve("big-lake")));
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<Cli.Result> run =
          background.submit(
              () ->
                  ferry(
                      "run",
                      job.toString(),
                      "--runner",
                      "flink",
                      "--flink-master",
                      flink.masterAddress()));
      String jid = runningJob("ferry-big-cancel", run);
      HttpResponse<String> cancel =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(flink.restUrl().resolve("/jobs/" + jid + "?mode=cancel"))
                      .method("PATCH", HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(202, cancel.statusCode(), cancel.body());
      Cli.Result r = run.get(3, TimeUnit.MINUTES);
      assertEquals(ExitCode.FAILURE, r.exit(), r.out() + r.err());
      String line = r.withoutProgress().oneLineError();
      assertTrue(line.startsWith("ferry: the Flink job was cancelled before it finished"), line);
    } finally {
      background.shutdownNow();
    }
  }

  /** The id of the job named {@code name} once it runs on the cluster (a minute at most). */
  private static String runningJob(String name, Future<Cli.Result> run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      assertFalse(run.isDone(), () -> "the run ended before it was cancelled: " + result(run));
      for (JsonNode j : JSON.readTree(flink.get("/jobs/overview")).path("jobs")) {
        if (name.equals(j.path("name").asText())
            && j.path("state").asText().equals("RUNNING")
            && j.path("tasks").path("running").asInt() > 0) {
          return j.path("jid").asText();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no running job " + name + ": " + flink.get("/jobs/overview"));
  }

  private static String result(Future<Cli.Result> run) {
    try {
      Cli.Result r = run.get();
      return r.out() + r.err();
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void flinkRunWithFerryFlinkJarRunsTheJobOnTheCluster() throws Exception {
    TestDatabase target = PostgresServer.shared().createDatabase("flink_cli");
    Path job = jobFile(target, "cli");
    Path report = dir.resolve("cli.json");
    Path log = dir.resolve("flink-run.log");
    // bin/flink run: Flink's CliFrontend, from the cluster's class path and conf/ directory.
    ProcessBuilder flinkRun =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                flink.classpath(),
                "org.apache.flink.client.cli.CliFrontend",
                "run",
                System.getProperty(FlinkJar.PROPERTY),
                "run",
                job.toString(),
                "--runner",
                "flink",
                "--report",
                report.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    flinkRun.environment().put("FLINK_CONF_DIR", flink.confDir().toString());
    flinkRun.environment().put("PG_PASSWORD", target.password());
    long finishedBefore = finishedJobs("ferry-shop-pg");
    Process p = flinkRun.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "flink run did not end");
    String output = Files.readString(log);
    // ferry's own exit code comes through flink run: 1, as on the DirectRunner.
    assertEquals(1, p.exitValue(), output);
    assertTrue(output.contains("flink runner"), output);
    Snapshot cli = Snapshot.of(target, report);
    assertEquals(direct.counts(), cli.counts(), "per-table read, written, rejected");
    assertEquals(direct.rows(), cli.rows(), "row contents of every table");
    assertEquals(finishedBefore + 1, finishedJobs("ferry-shop-pg"), "ran on the cluster");
  }

  private static long finishedJobs(String name) throws Exception {
    long n = 0;
    for (JsonNode j : JSON.readTree(flink.get("/jobs/overview")).path("jobs")) {
      if (name.equals(j.path("name").asText()) && j.path("state").asText().equals("FINISHED")) {
        n++;
      }
    }
    return n;
  }

  private static Cli.Result run(TestDatabase target, String name, String... extra)
      throws Exception {
    Path job = jobFile(target, name);
    List<String> args = new ArrayList<>(List.of("run", job.toString()));
    args.addAll(List.of("--report", dir.resolve(name + ".json").toString()));
    args.addAll(List.of(extra));
    return ferry(Map.of("PG_PASSWORD", target.password()), args.toArray(String[]::new));
  }

  private static Path jobFile(TestDatabase target, String name) throws Exception {
    Path job = dir.resolve(name + ".yaml");
    Files.writeString(
        job,
        """
        name: shop-pg
        source:
          kind: sqlite
          url: jdbc:sqlite:%s
        target:
          kind: postgres
          url: %s
          user: %s
          password: ${PG_PASSWORD}
          schema: Shop Data
          mode: create
        rules:
          - column: orders.status
            in: [pending, paid, shipped, cancelled]
          - column: order_items.quantity
            range: {min: 1, max: 1000}
        max_rejected: 10
        """
            .formatted(db, target.jdbcUrl(), target.user()),
        StandardCharsets.UTF_8);
    return job;
  }

  /**
   * What a run left: per table, read/written/rejected from its report, and the count and an MD5 of
   * the rows' text (sorted) read back from PostgreSQL; dead letters without run id and time.
   */
  record Snapshot(Map<String, String> counts, Map<String, String> rows, boolean reconciled) {

    static Snapshot of(TestDatabase target, Path report) throws Exception {
      JsonNode json = JSON.readTree(report.toFile());
      Map<String, String> counts = new TreeMap<>();
      for (JsonNode t : json.path("tables")) {
        counts.put(
            t.path("table").asText(),
            t.path("read").asLong()
                + " "
                + t.path("written").asLong()
                + " "
                + t.path("rejected").asLong());
      }
      Map<String, String> rows = new TreeMap<>();
      try (Connection c = target.connect();
          Statement s = c.createStatement()) {
        for (String table : TABLES) {
          String text =
              table.equals("ferry_dead_letters")
                  ? "(t.table_name, t.stage, t.reason, t.row_values)::text"
                  : "t::text";
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), md5(coalesce(string_agg("
                      + text
                      + ", E'\\n' ORDER BY "
                      + text
                      + "), '')) FROM \"Shop Data\"."
                      + table
                      + " t");
          rs.next();
          rows.put(table, rs.getLong(1) + " " + rs.getString(2));
        }
      }
      return new Snapshot(counts, rows, json.path("reconciled").asBoolean());
    }
  }
}
