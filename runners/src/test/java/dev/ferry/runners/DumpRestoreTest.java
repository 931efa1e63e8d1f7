package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresSourceDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.S3Server;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.read.JdbcRangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL → dump in S3 → PostgreSQL through {@code ferry run}, against s3proxy and embedded
 * PostgreSQL: the source with every type family the mapping handles ({@code migrate-pg/source.sql})
 * is dumped twice on one day (the second gets {@code -2}), the latest dump is restored into another
 * database and compared with the source row by row; the dump's files and manifest are checked byte
 * by byte; a dump whose shard was altered is refused before anything is loaded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DumpRestoreTest {

  private static final String BUCKET = "dumps";
  private static final String NAME = "pgdump";
  private static final String SCHEMA = "restored";

  /** The rows of {@code events} no logical type holds: rejected by the dump, not restored. */
  private static final Map<String, Set<List<Object>>> REJECTED =
      Map.of("events", Set.of(List.of(2L), List.of(3L)));

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static S3Server s3;
  static TestDatabase source;
  static TestDatabase target;
  static JdbcLogin login;
  static Inventory inventory;

  @BeforeAll
  static void servers() throws Exception {
    s3 = S3Server.shared();
    s3.createBucket(BUCKET);
    source = PostgresServer.shared().createDatabase("dump_source");
    target = PostgresServer.shared().createDatabase("dump_target");
    try (Connection c = source.connect();
        Statement s = c.createStatement()) {
      s.execute(fixture("migrate-pg/source.sql"));
    }
    login = JdbcLogin.of(source.jdbcUrl(), source.user(), Secret.of(source.password()));
    inventory = Sources.inventory(login, PostgresSourceDialect.INSTANCE);
  }

  @Test
  @Order(0)
  void aMissingBucketOrRefusedKeysAreOneLineEachAndNoSecretIsShown() throws Exception {
    String missing = run(dumpJob("no-such-bucket")).exits(ExitCode.FAILURE).oneLineError();
    assertTrue(missing.contains("bucket 'no-such-bucket' does not exist"), missing);

    Path job = dir.resolve("keys.yaml");
    Files.writeString(job, dumpJob(BUCKET), StandardCharsets.UTF_8);
    Cli.Result refused =
        ferry(
                Map.of(
                    "SRC_PASSWORD", source.password(),
                    "AWS_ACCESS_KEY_ID", "ferry-wrong-key",
                    "AWS_SECRET_ACCESS_KEY", "ferry-wrong-secret-4242"),
                "run",
                job.toString())
            .exits(ExitCode.FAILURE);
    String line = refused.oneLineError();
    assertTrue(line.contains("S3 refused the credentials"), line);
    assertFalse(refused.out().contains("ferry-wrong-secret-4242"), refused.out());
    assertFalse(refused.err().contains("ferry-wrong-secret-4242"), refused.err());
    assertTrue(s3.list(BUCKET).stream().noneMatch(k -> k.startsWith("pg/")), "nothing was written");
  }

  @Test
  @Order(1)
  void dumpsEveryTableWithChecksumsAndTheManifestLast() throws Exception {
    Cli.Result r = run(dumpJob(BUCKET)).exits(0);
    String directory = "pg/" + NAME + "/" + day() + "/" + NAME + "-" + compactDay();
    assertTrue(r.out().contains("dump complete: s3://" + BUCKET + "/" + directory + " ("), r.out());

    JsonNode manifest = JSON.readTree(s3.read(BUCKET, directory + "/manifest.json"));
    assertEquals("ferry-dump/1", manifest.get("format").asText());
    assertEquals(directory.substring("pg/".length()), manifest.get("directory").asText());
    assertEquals("postgres", manifest.get("source").get("kind").asText());
    assertFalse(manifest.toString().contains(source.password()), "no password in the manifest");
    assertEquals(2, manifest.get("rejected").get("rows").asLong());

    List<String> objects = s3.list(BUCKET);
    List<String> listed = new ArrayList<>();
    for (JsonNode f : manifest.get("files")) {
      String key = directory + "/" + f.get("path").asText();
      listed.add(f.get("path").asText());
      byte[] bytes = s3.read(BUCKET, key);
      assertEquals(f.get("bytes").asLong(), bytes.length, key);
      assertEquals(f.get("sha256").asText(), sha256(bytes), key);
    }
    assertTrue(
        listed.containsAll(List.of("schema.sql", "restore.sql", "SHA256SUMS")), listed.toString());
    assertEquals(
        objects.stream().filter(k -> k.startsWith(directory + "/")).count(),
        listed.size() + 1,
        "every object of the dump is in the manifest, which is the one more");
    String sums = new String(s3.read(BUCKET, directory + "/SHA256SUMS"), StandardCharsets.UTF_8);
    assertTrue(sums.contains("  data/orders/"), sums);

    for (JsonNode t : manifest.get("tables")) {
      String table = t.get("name").asText();
      long expected =
          rowCount(source, "public", table) - REJECTED.getOrDefault(table, Set.of()).size();
      assertEquals(expected, t.get("rows").asLong(), table);
      long inShards = 0;
      for (JsonNode shard : t.withArray("files")) {
        inShards += lines(s3.read(BUCKET, directory + "/" + shard.asText()));
      }
      assertEquals(expected, inShards, table + ": lines in its shards");
    }
    assertEquals(inventory.tables().size(), manifest.get("tables").size());
  }

  @Test
  @Order(2)
  void aSecondDumpTheSameDayGetsDashTwo() throws Exception {
    Cli.Result r = run(dumpJob(BUCKET)).exits(0);
    String directory = "pg/" + NAME + "/" + day() + "/" + NAME + "-" + compactDay() + "-2";
    assertTrue(r.out().contains("dump complete: s3://" + BUCKET + "/" + directory + " ("), r.out());
    assertTrue(s3.list(BUCKET).contains(directory + "/manifest.json"));
    assertTrue(
        s3.list(BUCKET).contains(directory.substring(0, directory.length() - 2) + "/manifest.json"),
        "the first dump is left as it was");
  }

  @Test
  @Order(3)
  void restoresTheLatestDumpEqualToTheSourceRowByRow() throws Exception {
    Path staging = Files.createDirectories(dir.resolve("staging"));
    Cli.Result r =
        run(restoreJob("s3://" + BUCKET + "/pg/" + NAME + "/latest", SCHEMA, staging)).exits(0);
    String latest = "pg/" + NAME + "/" + day() + "/" + NAME + "-" + compactDay() + "-2";
    assertTrue(r.out().contains("checking dump s3://" + BUCKET + "/" + latest), r.out());
    assertTrue(r.out().contains("restore verified"), r.out());
    for (Table table : inventory.tables()) {
      MigratedRows.assertSameRows(
          JdbcRangeReader.of(login, PostgresSourceDialect.INSTANCE, table, ReadOptions.DEFAULT),
          target,
          SCHEMA,
          table.name(),
          table.columns().stream().map(c -> c.name()).toList(),
          REJECTED.getOrDefault(table.name(), Set.of()));
    }
    JsonNode marker = JSON.readTree(s3.read(BUCKET, latest + "/restored.json"));
    assertEquals(SCHEMA, marker.get("schema").asText());
    assertFalse(marker.toString().contains(target.password()), "no password in the marker");
    try (var left = Files.list(staging)) {
      assertEquals(0, left.count(), "the downloaded copy is removed");
    }
    // ferry verify of the same job compares the dump in S3 with the restored tables: equal, the
    // rows the dump rejected never in it.
    Path report = dir.resolve("verify-restore.json");
    Cli.Result v =
        command(
                "verify",
                restoreJob("s3://" + BUCKET + "/pg/" + NAME + "/latest", SCHEMA, staging),
                "--report",
                report.toString())
            .exits(0);
    assertTrue(v.out().contains("tables equal"), v.out());
    for (JsonNode t : JSON.readTree(report.toFile()).get("tables")) {
      assertEquals(t.get("source_rows").asLong(), t.get("target_rows").asLong(), t.toString());
    }
    assertFalse(v.out().contains(s3.secretKey()), "no secret in verify's output");
  }

  @Test
  @Order(4)
  void anAlteredShardIsRefusedNamingItAndNothingIsLoaded() throws Exception {
    String latest = "pg/" + NAME + "/" + day() + "/" + NAME + "-" + compactDay() + "-2";
    String shard =
        s3.list(BUCKET).stream()
            .filter(k -> k.startsWith(latest + "/data/orders/"))
            .findFirst()
            .orElseThrow();
    Path file = s3.objectPath(BUCKET, shard);
    byte[] bytes = Files.readAllBytes(file);
    byte[] altered = bytes.clone();
    altered[altered.length / 2] ^= 0x01;
    Files.write(file, altered);
    try {
      Cli.Result r =
          run(restoreJob("s3://" + BUCKET + "/" + latest, "refused", dir.resolve("staging")))
              .exits(ExitCode.REJECTED);
      String line = r.oneLineError();
      assertTrue(line.contains("restore refused, nothing was loaded"), line);
      assertTrue(line.contains(shard.substring(latest.length() + 1)), line);
      assertEquals(
          0, rowCount(target, "information_schema", "schemata WHERE schema_name = 'refused'"));
    } finally {
      Files.write(file, bytes);
    }
  }

  @Test
  @Order(5)
  void restoreSqlRestoresWithPsqlAloneAndRefusesAnAlteredFile() throws Exception {
    assumePsql();
    String latest = "pg/" + NAME + "/" + day() + "/" + NAME + "-" + compactDay() + "-2";
    Path local = dir.resolve("downloaded");
    for (String key : s3.list(BUCKET)) {
      if (key.startsWith(latest + "/")) {
        Path file = local.resolve(key.substring(latest.length() + 1));
        Files.createDirectories(file.getParent());
        Files.write(file, s3.read(BUCKET, key));
      }
    }
    TestDatabase restored = PostgresServer.shared().createDatabase("dump_psql");
    PsqlRun ok = psql(local, restored);
    assertEquals(0, ok.exit(), ok.output());
    for (Table table : inventory.tables()) {
      MigratedRows.assertSameRows(
          JdbcRangeReader.of(login, PostgresSourceDialect.INSTANCE, table, ReadOptions.DEFAULT),
          restored,
          "public",
          table.name(),
          table.columns().stream().map(c -> c.name()).toList(),
          REJECTED.getOrDefault(table.name(), Set.of()));
    }

    Path shard;
    try (var shards = Files.walk(local.resolve("data/orders"))) {
      shard = shards.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(shard);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(shard, bytes);
    TestDatabase refused = PostgresServer.shared().createDatabase("dump_psql_refused");
    PsqlRun failed = psql(local, refused);
    assertTrue(failed.exit() != 0, failed.output());
    assertTrue(failed.output().contains("FAILED"), "sha256sum names the file: " + failed.output());
    assertEquals(
        0, rowCount(refused, "information_schema", "tables WHERE table_schema = 'public'"));
  }

  @Test
  @Order(6)
  void restoringAgainInUpsertModeConvergesWithoutDuplicates() throws Exception {
    long before = rowCount(target, SCHEMA, "orders");
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + SCHEMA + ".shipments");
      s.execute("UPDATE " + SCHEMA + ".customers SET email = 'changed@example.com' WHERE id = 1");
    }
    Cli.Result r =
        run(restoreJob("s3://" + BUCKET + "/pg/" + NAME + "/latest", SCHEMA, dir.resolve("staging"))
                .replace("mode: create", "mode: upsert")
                .replace(
                    "  kind: dump\n",
                    "  kind: dump\n  tables: [customers, orders, order_lines, shipments]\n"))
            .exits(0);
    assertTrue(r.out().contains("restore verified"), r.out());
    assertTrue(r.out().contains("4 tables from"), r.out());
    assertEquals(before, rowCount(target, SCHEMA, "orders"));
    for (Table table :
        inventory.tables().stream()
            .filter(
                t -> List.of("customers", "orders", "order_lines", "shipments").contains(t.name()))
            .toList()) {
      MigratedRows.assertSameRows(
          JdbcRangeReader.of(login, PostgresSourceDialect.INSTANCE, table, ReadOptions.DEFAULT),
          target,
          SCHEMA,
          table.name(),
          table.columns().stream().map(c -> c.name()).toList(),
          REJECTED.getOrDefault(table.name(), Set.of()));
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Runs {@code psql -f restore.sql} in {@code dumpDir} against {@code db}. */
  private static PsqlRun psql(Path dumpDir, TestDatabase db) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(PostgresServer.shared().port()),
                "-U",
                db.user(),
                "-d",
                db.name(),
                "-f",
                "restore.sql")
            .directory(dumpDir.toFile())
            .redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", db.password());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new PsqlRun(p.waitFor(), output);
  }

  /** psql is what restore.sql is for; CI installs it, a developer's machine may lack it. */
  private static void assumePsql() {
    boolean present;
    try {
      present = new ProcessBuilder("psql", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    if (System.getenv("CI") != null) {
      assertTrue(present, "CI must have psql (.ci/run installs postgresql-client)");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(present, "psql is not installed");
  }

  /** A finished psql: its exit code and what it printed. */
  private record PsqlRun(int exit, String output) {}

  private static String dumpJob(String bucket) {
    return """
        name: %s
        source:
          kind: postgres
          url: %s
          user: %s
          password: ${SRC_PASSWORD}
        target:
          kind: dump
          path: s3://%s/pg
          s3: {endpoint: "%s", path_style: true}
          shard_rows: 20
        max_rejected: 2
        """
        .formatted(NAME, source.jdbcUrl(), source.user(), bucket, s3.endpoint());
  }

  private static String restoreJob(String url, String schema, Path staging) {
    return """
        name: %s-restore
        source:
          kind: dump
          url: %s
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
        .formatted(NAME, url, s3.endpoint(), staging, target.jdbcUrl(), target.user(), schema);
  }

  private static Cli.Result run(String yaml) throws IOException {
    return command("run", yaml);
  }

  /** Runs {@code ferry <verb> job.yaml} with the servers' secrets in the environment. */
  private static Cli.Result command(String verb, String yaml, String... extra) throws IOException {
    Path job = dir.resolve("job.yaml");
    Files.writeString(job, yaml, StandardCharsets.UTF_8);
    return ferry(
        Map.of(
            "SRC_PASSWORD", source.password(),
            "PG_PASSWORD", target.password(),
            "AWS_ACCESS_KEY_ID", s3.accessKey(),
            "AWS_SECRET_ACCESS_KEY", s3.secretKey()),
        Stream.concat(Stream.of(verb, job.toString()), Stream.of(extra)).toArray(String[]::new));
  }

  private static long lines(byte[] gzip) throws IOException {
    try (InputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
      long n = 0;
      for (byte b : in.readAllBytes()) {
        if (b == '\n') {
          n++;
        }
      }
      return n;
    }
  }

  private static long rowCount(TestDatabase db, String schema, String table) throws Exception {
    String from =
        schema.equals("information_schema")
            ? "information_schema." + table
            : dev.ferry.schemas.sql.Identifiers.quote(schema)
                + "."
                + dev.ferry.schemas.sql.Identifiers.quote(table);
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + from)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String day() {
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
  }

  private static String compactDay() {
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = DumpRestoreTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
