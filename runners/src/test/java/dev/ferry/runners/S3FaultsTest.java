package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.FaultyS3;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.S3Server;
import dev.ferry.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump to S3 and its restore while S3 misbehaves, through {@link FaultyS3} in front of s3proxy:
 * throttling ({@code 503 SlowDown}), {@code 500} answers and reset connections on every few
 * requests are retried and the dump restores equal to the source; an S3 that goes away mid-dump and
 * stays away ends the run with exit 3 and one line, and leaves no {@code manifest.json}, so nothing
 * restores the half dump; once S3 is back, the next run makes a complete dump that restores to
 * exactly the source rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3FaultsTest {

  private static final String BUCKET = "faults";
  private static final List<String> TABLES = List.of("items", "notes");

  @TempDir static Path dir;
  static S3Server s3;
  static FaultyS3 faulty;
  static TestDatabase source;
  static TestDatabase target;

  @BeforeAll
  static void servers() throws Exception {
    s3 = S3Server.shared();
    s3.createBucket(BUCKET);
    faulty = FaultyS3.inFrontOf(s3.endpoint());
    source = PostgresServer.shared().createDatabase("faults_source");
    target = PostgresServer.shared().createDatabase("faults_target");
    try (Connection c = source.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(12,2),
                              made timestamp);
          INSERT INTO items SELECT g, 'item ' || g || repeat('x', g % 40), g * 1.25,
                                   timestamp '2026-01-01 00:00:00.123456' + g * interval '1 hour'
                              FROM generate_series(1, 600) g;
          CREATE TABLE notes (id bigint PRIMARY KEY, item_id bigint, body text);
          INSERT INTO notes SELECT g, g % 600 + 1, CASE WHEN g % 7 = 0 THEN NULL
                                                   ELSE 'note ' || md5(g::text) END
                              FROM generate_series(1, 400) g;
          """);
    }
  }

  @AfterAll
  static void stop() {
    if (faulty != null) {
      faulty.close();
    }
  }

  @Test
  @Order(1)
  void throttlingServerErrorsAndResetsAreRetriedAndTheDumpRestoresEqual() throws Exception {
    faulty.failEvery(
        4, FaultyS3.Fault.SLOW_DOWN, FaultyS3.Fault.RESET, FaultyS3.Fault.INTERNAL_ERROR);
    try {
      Cli.Result dump = run(dumpJob("flaky", null)).exits(0);
      assertTrue(dump.out().contains("dump complete: s3://" + BUCKET + "/flaky/"), dump.out());
      List<String> failed = faulty.failedRequests();
      assertTrue(failed.size() >= 10, "faults were injected: " + failed);
      assertTrue(
          failed.stream().anyMatch(r -> r.startsWith("PUT ") && r.contains("partNumber=")),
          "a part upload failed and was retried: " + failed);

      Cli.Result restore = run(restoreJob("flaky", "flaky")).exits(0);
      assertTrue(restore.out().contains("restore verified"), restore.out());
      assertSameRows("flaky");
    } finally {
      faulty.up();
    }
  }

  @Test
  @Order(2)
  void s3GoneMidDumpIsExitThreeInOneLineAndNoManifestThenARerunIsComplete() throws Exception {
    int before = faulty.requests();
    faulty.downFrom(
        r -> r.startsWith("PUT ") && r.contains("/data/notes/"), FaultyS3.Fault.SLOW_DOWN);
    String line;
    try {
      line = run(dumpJob("gone", 1)).exits(ExitCode.FAILURE).withoutProgress().oneLineError();
    } finally {
      faulty.up();
    }
    assertTrue(faulty.requests() > before + 3, "the dump had started before S3 went away");
    assertTrue(line.contains("S3 kept failing on bucket '" + BUCKET + "' (503 SlowDown"), line);
    assertTrue(line.contains("run again"), line);
    assertTrue(line.contains("has no manifest.json"), line);
    List<String> keys = keys("gone/");
    assertTrue(keys.stream().anyMatch(k -> k.endsWith("/schema.sql")), "the dump began: " + keys);
    assertTrue(keys.stream().noneMatch(k -> k.endsWith("/manifest.json")), keys.toString());
    String refused = run(restoreJob("gone", "gone")).exits(ExitCode.REJECTED).oneLineError();
    assertTrue(refused.contains("no complete dump of 'gone'"), refused);

    Cli.Result again = run(dumpJob("gone", 1)).exits(0);
    assertTrue(again.out().contains("dump complete"), again.out());
    assertTrue(again.out().contains("-" + compact(line) + " is an unfinished dump"), again.out());
    List<String> manifests =
        keys("gone/").stream().filter(k -> k.endsWith("/manifest.json")).toList();
    assertEquals(1, manifests.size(), manifests.toString());
    assertTrue(
        manifests.get(0).matches("gone/gone/.*/gone-\\d{8}-2/manifest.json"), manifests.get(0));
    Cli.Result restore = run(restoreJob("gone", "gone")).exits(0);
    assertTrue(restore.out().contains("-2"), "latest is the complete one: " + restore.out());
    assertSameRows("gone");
  }

  @Test
  @Order(3)
  void anS3ThatDropsEveryConnectionIsOneLineNamingTheEndpoint() throws Exception {
    faulty.downFrom(r -> r.startsWith("PUT ") && r.contains("/data/"), FaultyS3.Fault.RESET);
    String line;
    try {
      line = run(dumpJob("reset", 0)).exits(ExitCode.FAILURE).withoutProgress().oneLineError();
    } finally {
      faulty.up();
    }
    assertTrue(line.contains("S3 could not be reached"), line);
    assertTrue(line.contains("check s3.endpoint and the network"), line);
    assertTrue(keys("reset/").stream().noneMatch(k -> k.endsWith("/manifest.json")));
  }

  // ---------------------------------------------------------------------------------------------

  private static String dumpJob(String name, Integer retries) {
    return """
        name: %s
        source:
          kind: postgres
          url: %s
          user: %s
          password: ${SRC_PASSWORD}
        target:
          kind: dump
          path: s3://%s/%s
          s3: {endpoint: "%s", path_style: true%s}
          shard_rows: 50
        """
        .formatted(
            name,
            source.jdbcUrl(),
            source.user(),
            BUCKET,
            name,
            faulty.endpoint(),
            retries == null ? "" : ", retries: " + retries);
  }

  private static String restoreJob(String name, String schema) {
    return """
        name: %s-restore
        source:
          kind: dump
          url: s3://%s/%s/%s/latest
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
            name,
            BUCKET,
            name,
            name,
            faulty.endpoint(),
            dir.resolve("staging"),
            target.jdbcUrl(),
            target.user(),
            schema);
  }

  /** The {@code YYYYMMDD} of the dump directory an error line names. */
  private static String compact(String line) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("gone-(\\d{8})").matcher(line);
    assertTrue(m.find(), line);
    return m.group(1);
  }

  private static List<String> keys(String prefix) {
    return s3.list(BUCKET).stream().filter(k -> k.startsWith(prefix)).toList();
  }

  /** Every table of {@code schema} in the target holds the source's rows, value for value. */
  private static void assertSameRows(String schema) throws Exception {
    for (String table : TABLES) {
      assertEquals(
          rows(source, "public", table), rows(target, schema, table), schema + "." + table);
    }
  }

  private static List<String> rows(TestDatabase db, String schema, String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT t::text FROM \"" + schema + "\".\"" + table + "\" t ORDER BY id")) {
      while (r.next()) {
        rows.add(r.getString(1));
      }
    }
    return rows;
  }

  private static Cli.Result run(String yaml) throws IOException {
    Files.createDirectories(dir.resolve("staging"));
    Path job = dir.resolve("job.yaml");
    Files.writeString(job, yaml, StandardCharsets.UTF_8);
    return ferry(
        Map.of(
            "SRC_PASSWORD", source.password(),
            "PG_PASSWORD", target.password(),
            "AWS_ACCESS_KEY_ID", s3.accessKey(),
            "AWS_SECRET_ACCESS_KEY", s3.secretKey()),
        "run",
        job.toString());
  }
}
