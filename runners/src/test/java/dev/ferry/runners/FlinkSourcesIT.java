package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.FlinkCluster;
import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.MongoServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.S3Server;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestMongoDatabase;
import dev.ferry.transforms.dump.DumpManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other sources and targets on a real Flink 1.19 session cluster at parallelism 2, each job's
 * result equal to the same job's on the DirectRunner: MariaDB → PostgreSQL (the fixture of {@link
 * MigrateMariaDbTest}), MongoDB → eight PostgreSQL tables (the contracts example of {@link
 * MigrateMongoTest}), and PostgreSQL → a dump in S3 (s3proxy) → PostgreSQL (the fixture of {@link
 * DumpRestoreTest}), both dump and restore run on the cluster, whose TaskManager gets the S3
 * endpoint and keys through the job, not from its environment. No secret reaches the cluster's logs
 * or the job configuration its REST API shows. On a cluster with {@code restart-strategy:
 * fixed-delay}, a job whose task failed once is restarted and loses nothing (rows written twice by
 * the restart are only in tables without a key).
 */
class FlinkSourcesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "flink-dumps";

  @TempDir static Path dir;
  static FlinkCluster flink;
  static List<String> secrets = new ArrayList<>();

  @BeforeAll
  static void cluster() {
    // A failed task restarts the job twice at most, a second apart (the shared cluster of
    // FlinkClusterIT sets no restart strategy: a job there ends at its first failure).
    flink =
        FlinkCluster.start(
            Map.of(
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "2",
                "restart-strategy.fixed-delay.delay", "1 s"));
  }

  @AfterAll
  static void noSecretOnTheClusterThenStop() throws Exception {
    try {
      for (JsonNode j : JSON.readTree(flink.get("/jobs/overview")).path("jobs")) {
        String config = flink.get("/jobs/" + j.path("jid").asText() + "/config");
        for (String secret : secrets) {
          assertFalse(config.contains(secret), "a secret in the job configuration of " + j);
        }
      }
      try (Stream<Path> logs = Files.list(flink.logDir())) {
        for (Path log : logs.toList()) {
          String text = Files.readString(log, StandardCharsets.ISO_8859_1);
          for (String secret : secrets) {
            assertFalse(text.contains(secret), "a secret in " + log.getFileName());
          }
        }
      }
    } finally {
      flink.stop();
    }
  }

  /** The Flink arguments of a run on the cluster at parallelism 2. */
  private static List<String> onTheCluster() {
    return List.of(
        "--runner", "flink", "--flink-master", flink.masterAddress(), "--parallelism", "2");
  }

  @Test
  void mariaDbToPostgresOnTheClusterWritesWhatTheDirectRunnerWrites() throws Exception {
    Cli.Result r = maria().run("cluster", onTheCluster()).exits(ExitCode.OK);
    assertTrue(r.out().contains("4 rejected rows are in table crm_cluster"), r.out());
    // the fixture's 18 tables, ferry_dead_letters and ferry_runs
    assertSameRun(maria().direct(), maria().snapshot("cluster"), 20, "ferry_dead_letters", "4 ");
  }

  /**
   * The cluster restarts a job whose task failed ({@code restart-strategy: fixed-delay}): here the
   * first insert into the dead-letter table fails once. The restarted job finishes with the same
   * report and the same distinct rows as the DirectRunner's, and each row once in every table with
   * a key; a table without a key and the dead letters may hold rows twice.
   */
  @Test
  void aJobRestartedAfterATaskFailedWritesWhatTheDirectRunnerWrites() throws Exception {
    String schema = "crm_restart";
    try (Connection c = maria().target.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute(
          "CREATE TABLE "
              + schema
              + ".ferry_dead_letters (job text NOT NULL, run_id text NOT NULL, table_name text"
              + " NOT NULL, stage text NOT NULL, reason text NOT NULL, row_values jsonb,"
              + " failed_at timestamptz NOT NULL)");
      // A sequence is not rolled back with the failed insert: only the first attempt fails.
      s.execute("CREATE SEQUENCE public.dead_letter_attempts");
      s.execute(
          "CREATE FUNCTION public.fail_once() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN IF"
              + " nextval('public.dead_letter_attempts') = 1 THEN RAISE EXCEPTION 'injected"
              + " failure, once'; END IF; RETURN NEW; END$$");
      s.execute(
          "CREATE TRIGGER fail_once BEFORE INSERT ON "
              + schema
              + ".ferry_dead_letters FOR EACH ROW EXECUTE FUNCTION public.fail_once()");
    }
    maria().run("restart", onTheCluster()).exits(ExitCode.OK);
    PostgresSnapshot direct = maria().direct();
    PostgresSnapshot restarted = maria().snapshot("restart");
    // The report counts the attempt that finished, as the DirectRunner's run.
    assertEquals(direct.counts(), restarted.counts(), "per-table read, written, rejected");
    // Nothing lost, nothing different: the same distinct rows in every table.
    TestDatabase target = maria().target;
    assertEquals(
        PostgresSnapshot.distinctRows(target, "crm_direct"),
        PostgresSnapshot.distinctRows(target, schema),
        "distinct rows of every table");
    // Every table with a key holds each row once: the writes of the restarted tasks met the rows
    // the failed attempt had written and merged them. A table without a key (event_log) and the
    // dead letters were written again by the tasks Flink restarted, and may hold rows twice: the
    // gap README's "Running on Flink" states.
    List<String> keyless = PostgresSnapshot.keyless(target, schema);
    assertEquals(List.of("event_log", "ferry_dead_letters"), keyless);
    Map<String, String> keyed = new TreeMap<>(restarted.rows());
    Map<String, String> expected = new TreeMap<>(direct.rows());
    keyless.forEach(keyed::remove);
    keyless.forEach(expected::remove);
    assertEquals(expected, keyed, "row count and contents of every table with a key");
    // It did fail once and was restarted: Flink's exception history of the job has the failure.
    String jid = latestJob("ferry-maria-pg");
    String exceptions = flink.get("/jobs/" + jid + "/exceptions");
    assertTrue(exceptions.contains("injected failure, once"), exceptions);
    assertTrue(flink.get("/jobs/" + jid).contains("\"state\":\"FINISHED\""), jid);
  }

  /** The id of the newest job named {@code name} on the cluster. */
  private static String latestJob(String name) throws Exception {
    JsonNode latest = null;
    for (JsonNode j : JSON.readTree(flink.get("/jobs/overview")).path("jobs")) {
      if (name.equals(j.path("name").asText())
          && (latest == null
              || j.path("start-time").asLong() > latest.path("start-time").asLong())) {
        latest = j;
      }
    }
    assertTrue(latest != null, "no job " + name);
    return latest.path("jid").asText();
  }

  private static Maria maria;

  /** The MariaDB fixture, its PostgreSQL target and the DirectRunner's run, made on first use. */
  private static Maria maria() throws Exception {
    if (maria == null) {
      maria = new Maria();
      maria.run("direct", List.of()).exits(ExitCode.OK);
    }
    return maria;
  }

  /** The MariaDB → PostgreSQL job of {@link MigrateMariaDbTest}, one schema per run. */
  private static final class Maria {
    final TestDatabase source;
    final TestDatabase target;

    Maria() throws Exception {
      source = MariaDbServer.shared().createDatabase("flink_maria");
      MariaDbServer.shared()
          .execute(source.name(), MigrateMariaDbTest.statements("/migrate/mariadb.sql"));
      target = PostgresServer.shared().createDatabase("flink_maria");
      secrets.addAll(List.of(source.password(), target.password()));
    }

    /** Runs the job into schema {@code crm_RUN} with {@code extra} arguments. */
    Cli.Result run(String run, List<String> extra) throws Exception {
      Path job =
          ShopFixture.write(
              dir,
              "maria-" + run + ".yaml",
              """
              name: maria-pg
              source:
                kind: mysql
                url: %s
                user: %s
                password: ${SRC_PASSWORD}
              target:
                kind: postgres
                url: %s
                user: %s
                password: ${PG_PASSWORD}
                schema: crm_%s
                mode: create
              casts:
                - {column: dates.dur, type: text}
              max_rejected: 10
              """
                  .formatted(
                      source.jdbcUrl(), source.user(), target.jdbcUrl(), target.user(), run));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "run", job.toString(), "--report", "" + dir.resolve("maria-" + run + ".json")));
      args.addAll(extra);
      return ferry(
          Map.of("SRC_PASSWORD", source.password(), "PG_PASSWORD", target.password()),
          args.toArray(String[]::new));
    }

    PostgresSnapshot snapshot(String run) throws Exception {
      return PostgresSnapshot.of(target, "crm_" + run, dir.resolve("maria-" + run + ".json"));
    }

    PostgresSnapshot direct() throws Exception {
      return snapshot("direct");
    }
  }

  @Test
  void mongoDbToPostgresOnTheClusterWritesWhatTheDirectRunnerWrites() throws Exception {
    TestMongoDatabase mongo = MongoServer.shared().createDatabase("flink_credit");
    mongo.insert("contracts", MigrateMongoTest.contracts(dir, MigrateMongoTest.COUNT));
    Map<String, PostgresSnapshot> runs = new TreeMap<>();
    for (String runner : List.of("direct", "cluster")) {
      TestDatabase target = PostgresServer.shared().createDatabase("flink_credit_" + runner);
      secrets.add(target.password());
      Map<String, String> env =
          Map.of(
              "MONGO_URL", mongo.connectionString(),
              "PG_URL", target.jdbcUrl(),
              "PG_USER", target.user(),
              "PG_PASSWORD", target.password());
      Path report = dir.resolve("credit-" + runner + ".json");
      ferry(env, args("run", MigrateMongoTest.EXAMPLE, report, runner)).exits(ExitCode.OK);
      runs.put(runner, PostgresSnapshot.of(target, "credit", report));
    }
    assertSameRun(
        runs.get("direct"),
        runs.get("cluster"),
        MigrateMongoTest.TABLES.length + 2, // and ferry_dead_letters, ferry_runs
        "ferry_dead_letters",
        "5 ");
  }

  @Test
  void aDumpToS3AndItsRestoreOnTheClusterHoldWhatTheDirectRunnerDumpsAndRestores()
      throws Exception {
    S3Server s3 = S3Server.shared();
    s3.createBucket(BUCKET);
    TestDatabase source = PostgresServer.shared().createDatabase("flink_dump_source");
    TestDatabase target = PostgresServer.shared().createDatabase("flink_dump_target");
    try (Connection c = source.connect();
        Statement s = c.createStatement()) {
      s.execute(DumpRestoreTest.fixture("migrate-pg/source.sql"));
    }
    secrets.addAll(List.of(source.password(), target.password(), s3.secretKey()));
    // The keys are in ferry's environment only: the TaskManager's has none.
    Map<String, String> env =
        Map.of(
            "SRC_PASSWORD", source.password(),
            "PG_PASSWORD", target.password(),
            "AWS_ACCESS_KEY_ID", s3.accessKey(),
            "AWS_SECRET_ACCESS_KEY", s3.secretKey());
    Map<String, Map<String, String>> dumps = new TreeMap<>();
    Map<String, PostgresSnapshot> restores = new TreeMap<>();
    for (String runner : List.of("direct", "cluster")) {
      Path dump =
          ShopFixture.write(
              dir,
              "dump-" + runner + ".yaml",
              """
              name: pgdump
              source: {kind: postgres, url: "%s", user: %s, password: "${SRC_PASSWORD}"}
              target:
                kind: dump
                path: s3://%s/%s
                s3: {endpoint: "%s", path_style: true}
                shard_rows: 20
              max_rejected: 2
              """
                  .formatted(source.jdbcUrl(), source.user(), BUCKET, runner, s3.endpoint()));
      Cli.Result dumped =
          ferry(env, args("run", dump, dir.resolve("dump-" + runner + ".json"), runner))
              .exits(ExitCode.OK);
      assertTrue(
          dumped.out().contains("dump complete: s3://" + BUCKET + "/" + runner), dumped.out());
      dumps.put(runner, dumpContents(s3, runner));

      String schema = "restored_" + runner;
      Path restore =
          ShopFixture.write(
              dir,
              "restore-" + runner + ".yaml",
              """
              name: pgdump-restore
              source:
                kind: dump
                url: s3://%s/%s/pgdump/latest
                s3: {endpoint: "%s", path_style: true}
                staging: %s
              target:
                kind: postgres
                url: %s
                user: %s
                password: ${PG_PASSWORD}
                schema: %s
                mode: create
              """
                  .formatted(
                      BUCKET,
                      runner,
                      s3.endpoint(),
                      dir.resolve("staging"),
                      target.jdbcUrl(),
                      target.user(),
                      schema));
      Path report = dir.resolve("restore-" + runner + ".json");
      Cli.Result restored = ferry(env, args("run", restore, report, runner)).exits(ExitCode.OK);
      assertTrue(restored.out().contains("restore verified"), restored.out());
      restores.put(runner, PostgresSnapshot.of(target, schema, report));
    }
    assertEquals(dumps.get("direct"), dumps.get("cluster"), "per table: rows and shard lines");
    assertTrue(dumps.get("cluster").get("rejected").startsWith("2 "), dumps.toString());
    assertEquals(restores.get("direct"), restores.get("cluster"), "restored rows and counts");
    assertTrue(restores.get("cluster").rows().size() > 5, restores.toString());
  }

  /**
   * Per table of the latest dump under {@code s3://BUCKET/prefix}: its row count in the manifest
   * and an MD5 of its shards' lines, sorted (shards split rows by worker, so only the lines as a
   * whole compare); {@code rejected}: the rejected rows' count.
   */
  private static Map<String, String> dumpContents(S3Server s3, String prefix) throws Exception {
    String manifestKey =
        s3.list(BUCKET).stream()
            .filter(k -> k.startsWith(prefix + "/") && k.endsWith("/manifest.json"))
            .max(String::compareTo)
            .orElseThrow(() -> new AssertionError("no manifest under " + prefix));
    String directory = manifestKey.substring(0, manifestKey.length() - "/manifest.json".length());
    DumpManifest manifest = DumpManifest.parse(s3.read(BUCKET, manifestKey));
    Map<String, String> contents = new TreeMap<>();
    for (DumpManifest.ManifestTable t : manifest.tables()) {
      List<String> lines = new ArrayList<>();
      for (String file : t.files()) {
        lines.addAll(lines(s3.read(BUCKET, directory + "/" + file), file));
      }
      contents.put(t.name(), t.rows() + " " + lines.size() + " " + md5(lines));
    }
    contents.put("rejected", manifest.rejected().rows() + " rows");
    return contents;
  }

  private static List<String> lines(byte[] bytes, String file) throws IOException {
    byte[] text =
        file.endsWith(".gz")
            ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes()
            : bytes;
    return new String(text, StandardCharsets.UTF_8).lines().toList();
  }

  private static String md5(List<String> lines) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    lines.stream().sorted().forEach(l -> md5.update((l + "\n").getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(md5.digest());
  }

  /**
   * The cluster's run equals the DirectRunner's, row for row and count for count, and is not
   * trivially so: {@code tables} tables, {@code table}'s count starting with {@code countPrefix}.
   */
  private static void assertSameRun(
      PostgresSnapshot direct,
      PostgresSnapshot cluster,
      int tables,
      String table,
      String countPrefix) {
    assertEquals(direct.counts(), cluster.counts(), "per-table read, written, rejected");
    assertEquals(direct.rows(), cluster.rows(), "row count and contents of every table");
    assertEquals(tables, cluster.rows().size(), cluster.rows().toString());
    assertTrue(cluster.rows().get(table).startsWith(countPrefix), cluster.rows().toString());
  }

  private static String[] args(String verb, Path job, Path report, String runner) {
    List<String> args = new ArrayList<>(List.of(verb, job.toString(), "--report", "" + report));
    if (runner.equals("cluster")) {
      args.addAll(onTheCluster());
    }
    return args.toArray(String[]::new);
  }
}
