package dev.ferry.runners;

import static dev.ferry.runners.Leaks.MARKER;
import static dev.ferry.runners.Leaks.assertNone;
import static dev.ferry.runners.Leaks.clean;
import static dev.ferry.runners.Leaks.displayData;
import static dev.ferry.runners.Leaks.failing;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobFile;
import dev.ferry.pipelines.migrate.MigratePipeline;
import dev.ferry.pipelines.migrate.MigratePlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Stores;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.pipelines.verify.VerifyPipeline;
import dev.ferry.pipelines.verify.VerifyPlan;
import dev.ferry.testkit.DuckDbReader;
import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.MongoServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.S3Server;
import dev.ferry.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret ever leaves ferry. A MariaDB → PostgreSQL job whose passwords carry {@link
 * Leaks#MARKER} goes through every command a user runs — inspect, plan, run (clean, with rejected
 * rows, failing: wrong password, server down, a table the target refuses), verify (equal and not),
 * a dump to S3, {@code ship}, a MongoDB login that fails — and {@link Leaks} searches all they
 * leave for the marker and the S3 secret key; the dead letters, the dump's objects and the
 * pipelines' display data are searched too. The logins exist only for this test, so the marker is
 * the password that works.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsTest {

  private static final String SOURCE_PASSWORD = MARKER + "-src";
  private static final String TARGET_PASSWORD = MARKER + "-pg";
  private static final String BUCKET = "secrets-dumps";

  @TempDir static Path dir;
  static TestDatabase source;
  static TestDatabase target;
  static S3Server s3;

  @BeforeAll
  static void logins() {
    MariaDbServer maria = MariaDbServer.shared();
    source = maria.createDatabase("secrets_src");
    maria.execute(
        "",
        "DROP USER IF EXISTS 'secrets_reader'@'%'",
        "CREATE USER 'secrets_reader'@'%' IDENTIFIED BY '" + SOURCE_PASSWORD + "'",
        "GRANT SELECT, SHOW VIEW ON secrets_src.* TO 'secrets_reader'@'%'");
    maria.execute(
        source.name(),
        "CREATE TABLE items (id int PRIMARY KEY, flag tinyint(1), name varchar(40))",
        "INSERT INTO items VALUES (1, 1, 'one'), (2, 0, 'two'), (3, 2, 'not a boolean')");
    PostgresServer pg = PostgresServer.shared();
    target = pg.createDatabase("secrets_target");
    pg.execute(
        "postgres",
        "DROP ROLE IF EXISTS secrets_loader",
        "CREATE ROLE secrets_loader LOGIN PASSWORD '" + TARGET_PASSWORD + "'",
        "ALTER DATABASE secrets_target OWNER TO secrets_loader");
    s3 = S3Server.shared();
    s3.createBucket(BUCKET);
    Leaks.alsoSecret(s3.secretKey());
  }

  @Test
  @Order(1)
  void inspectAndPlan() throws Exception {
    Map<String, String> env = Map.of("FERRY_PASSWORD", SOURCE_PASSWORD);
    String url = source.jdbcUrl();
    assertTrue(clean(env, 0, "inspect", url, "--user", "secrets_reader").out().contains("items"));
    clean(env, 0, "inspect", url, "--user", "secrets_reader", "--json");
    assertTrue(clean(env(), 0, "plan", job("create", 5)).out().contains("CREATE TABLE"));
  }

  @Test
  @Order(2)
  void runsThatLoadRejectAndVerify() throws Exception {
    clean(env(), 0, "run", job("create", 5), "--report", report());
    clean(env(), 1, "run", job("replace", 0), "--report", report());
    assertNone("ferry_dead_letters", targetRows("SELECT * FROM vault.ferry_dead_letters"));
    clean(env(), 0, "verify", job("replace", 5), "--report", report());
    PostgresServer.shared()
        .execute(target.name(), "UPDATE vault.items SET name = 'changed' WHERE id = 1");
    clean(env(), 1, "verify", job("replace", 5), "--report", report());
  }

  @Test
  @Order(3)
  void wrongPasswords() throws Exception {
    String wrong = MARKER + "-wrong";
    String job = job("append", 5);
    String line =
        failing(Map.of("SRC_PASSWORD", SOURCE_PASSWORD, "PG_PASSWORD", wrong), "run", job);
    assertTrue(line.contains("password authentication failed"), line);
    line = failing(Map.of("SRC_PASSWORD", wrong, "PG_PASSWORD", TARGET_PASSWORD), "run", job);
    assertTrue(line.contains("(wrong user name or password)"), line);
    line = failing(Map.of("SRC_PASSWORD", SOURCE_PASSWORD, "PG_PASSWORD", wrong), "verify", job);
    assertTrue(line.contains("password authentication failed"), line);
  }

  @Test
  @Order(4)
  void serversThatAreDown() throws Exception {
    String yaml = jobText("append", 5);
    String line = failing(env(), "run", write("down", yaml.replace(target.jdbcUrl(), pgAt(1))));
    assertTrue(line.contains("localhost:1/secrets_target: connection refused"), line);
    line = failing(env(), "run", write("down", yaml.replace(source.jdbcUrl(), mariaAt(1))));
    assertTrue(line.contains("cannot reach MySQL at 127.0.0.1:1/secrets_src"), line);
  }

  @Test
  @Order(5)
  void aTableTheTargetRefuses() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    pg.execute(
        target.name(),
        "CREATE FUNCTION vault.refuse() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$BEGIN RAISE EXCEPTION 'items is closed'; END$$",
        "CREATE TRIGGER refuse BEFORE TRUNCATE ON vault.items EXECUTE FUNCTION vault.refuse()");
    try {
      String line = failing(env(), "run", job("replace", 5));
      assertTrue(line.contains("items is closed"), line);
    } finally {
      pg.execute(target.name(), "DROP TRIGGER refuse ON vault.items");
    }
  }

  /** mongo-java-server has no logins, so a password makes every MongoDB command fail: safely. */
  @Test
  @Order(6)
  void aMongoDbLoginThatFails() throws Exception {
    String url = MongoServer.shared().createDatabase("secrets_mongo").connectionString();
    String yaml =
        jobText("create", 5)
            .replace("kind: mysql\n  url: " + source.jdbcUrl(), "kind: mongodb\n  url: " + url);
    for (String verb : List.of("plan", "run", "verify")) {
      String line = failing(env(), verb, write("mongo", yaml));
      assertTrue(line.contains("login as 'secrets_reader'"), line);
    }
    Map<String, String> login = Map.of("FERRY_PASSWORD", SOURCE_PASSWORD);
    failing(login, "inspect", url, "--user", "secrets_reader");
  }

  /** pgjdbc and the MariaDB driver both read {@code password=} from the URL; ferry takes it. */
  @Test
  @Order(8)
  void passwordsInsideTheUrls() throws Exception {
    String yaml =
        jobText("replace", 5)
            .replace("password: ${PG_PASSWORD}", "")
            .replace(target.jdbcUrl(), target.jdbcUrl() + "?password=" + TARGET_PASSWORD)
            .replace("password: ${SRC_PASSWORD}", "")
            .replace(source.jdbcUrl(), source.jdbcUrl() + "&password=" + SOURCE_PASSWORD);
    clean(Map.of(), 0, "plan", write("in-url", yaml));
    clean(Map.of(), 0, "run", write("in-url", yaml), "--report", report());
    clean(Map.of(), 0, "verify", write("in-url", yaml), "--report", report());
    String line = failing(Map.of(), "run", write("in-url-wrong", yaml.replace("-pg", "-wrong")));
    assertTrue(line.contains("password authentication failed"), line);
    failing(Map.of(), "run", write("in-url-down", yaml.replace(target.jdbcUrl(), pgAt(1))));
    // Ports that are not ones, which drivers fail on in their own words, are named first …
    line = failing(Map.of(), "run", write("in-url-port", yaml.replace(target.jdbcUrl(), pgAt(0))));
    assertTrue(line.endsWith("target.url: '0' is not a port (1 to 65535)"), line);
    line =
        failing(Map.of(), "run", write("in-url-port", yaml.replace(source.jdbcUrl(), mariaAt(0))));
    assertTrue(line.endsWith("source.url: '0' is not a port (1 to 65535)"), line);
    // … and pgjdbc's "Unable to parse URL …", which quotes the URL whole, shows it without its
    // query.
    line =
        failing(
            Map.of(), "run", write("in-url-bad", yaml.replace("?password=", "?ssl=%zz&password=")));
    assertTrue(line.contains("secrets_target"), line);
    String userInfo = "jdbc:postgresql://secrets_loader:" + TARGET_PASSWORD + "@localhost:";
    line =
        failing(
            Map.of(),
            "run",
            write("user-info", yaml.replace("jdbc:postgresql://localhost:", userInfo)));
    assertTrue(line.contains("credentials in the URL"), line);
  }

  /** A lake stamps each row with its source ({@code _source}): the URL, never its password. */
  @Test
  @Order(7)
  void aLakeKeepsNoPasswordInItsRowsOrLog() throws Exception {
    Path lake = dir.resolve("lake");
    String yaml =
        jobText("create", 5)
            .replace("password: ${SRC_PASSWORD}", "")
            .replace(source.jdbcUrl(), source.jdbcUrl() + "&password=" + SOURCE_PASSWORD)
            .replaceAll(
                "(?s)target:.*max_rejected",
                "target:\n  kind: lakehouse\n  path: " + lake + "\nmax_rejected");
    clean(Map.of(), 0, "run", write("lake", yaml), "--report", report());
    clean(Map.of(), 0, "verify", write("lake", yaml), "--report", report());
    List<Path> files;
    try (var walk = Files.walk(lake)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      assertNone(
          file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    }
    for (String table : List.of("bronze/items", "silver/items", "_dead_letters")) {
      List<Map<String, Object>> rows = DuckDbReader.read(lake.resolve(table).toString());
      assertFalse(rows.isEmpty(), table);
      assertNone(table, rows.toString());
    }
    Object stamp = DuckDbReader.read(lake.resolve("bronze/items").toString()).get(0).get("_source");
    assertTrue(
        String.valueOf(stamp).contains("/secrets_src"), "_source names the source: " + stamp);
  }

  @Test
  @Order(9)
  void aDumpToS3AndItsVerify() throws Exception {
    String dump = write("dump", dumpJob());
    clean(s3Env(s3.secretKey()), 0, "run", dump, "--report", report());
    clean(s3Env(s3.secretKey()), 0, "verify", dump, "--report", report());
    List<String> keys = s3.list(BUCKET);
    assertTrue(keys.stream().anyMatch(k -> k.endsWith("/manifest.json")), keys.toString());
    for (String key : keys) {
      assertNone(key, objectText(key));
    }
    String line = failing(s3Env(MARKER + "-aws"), "run", dump);
    assertTrue(line.contains("S3 refused the credentials"), line);
  }

  @Test
  @Order(10)
  void shipWritesNoSecretToItsLog() throws Exception {
    Path file = Files.writeString(dir.resolve("db.sql"), "-- a dump\n");
    String log = dir.resolve("ship.log").toString();
    String[] args = {
      "ship",
      file.toString(),
      "--to",
      "s3://" + BUCKET + "/ship",
      "--endpoint",
      s3.endpoint().toString(),
      "--path-style",
      "--log",
      log
    };
    clean(s3Env(s3.secretKey()), 0, args);
    assertTrue(failing(s3Env(MARKER + "-aws"), args).contains("S3 refused the credentials"));
    assertNone(log, Files.readString(Path.of(log)));
  }

  /** Display data is what runner UIs and logs show of every step and of the options. */
  @Test
  @Order(11)
  void displayDataOfTheRunAndVerifyPipelines() throws Exception {
    Job job = JobFile.load(Path.of(job("replace", 5)), env());
    var options = PipelineOptionsFactory.create();
    JobPlan plan = JobPlan.of(job);
    String run =
        displayData(MigratePipeline.build(MigratePlan.of(plan), RunContext.startNow(), options));
    assertTrue(run.contains("items"), "the display data covers the table's steps:\n" + run);
    assertNone("the run pipeline's display data", run);
    VerifyPlan verify = VerifyPlan.of(plan, VerifyPlan.Options.DEFAULT);
    assertNone(
        "the verify pipeline's display data", displayData(VerifyPipeline.build(verify, options)));
    assertNone("the job and its plans", job.toString() + plan + verify);

    var s3Options = PipelineOptionsFactory.create();
    Stores.register(
        JobFile.load(Path.of(write("dump", dumpJob())), s3Env(s3.secretKey())),
        s3Env(s3.secretKey()),
        s3Options);
    String shown = s3Options + "\n" + DisplayData.from(s3Options);
    assertTrue(shown.contains(s3.accessKey()), "the options name the S3 key id:\n" + shown);
    assertNone("the S3 pipeline options", shown);
  }

  // ---- the jobs ----

  private static Map<String, String> env() {
    return Map.of("SRC_PASSWORD", SOURCE_PASSWORD, "PG_PASSWORD", TARGET_PASSWORD);
  }

  private static Map<String, String> s3Env(String secretKey) {
    Map<String, String> env = new HashMap<>(env());
    env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
    env.put("AWS_SECRET_ACCESS_KEY", secretKey);
    return env;
  }

  private static String jobText(String mode, int maxRejected) {
    return """
        name: secrets
        source:
          kind: mysql
          url: %s
          user: secrets_reader
          password: ${SRC_PASSWORD}
        target:
          kind: postgres
          url: %s
          user: secrets_loader
          password: ${PG_PASSWORD}
          schema: vault
          mode: %s
        max_rejected: %d
        """
        .formatted(source.jdbcUrl(), target.jdbcUrl(), mode, maxRejected);
  }

  private static String dumpJob() {
    return jobText("create", 5)
        .replaceAll(
            "(?s)target:.*max_rejected",
            "target:\n  kind: dump\n  path: s3://%s/pg\n  s3: {endpoint: \"%s\", path_style: true}\nmax_rejected"
                .formatted(BUCKET, s3.endpoint()));
  }

  private static String job(String mode, int maxRejected) throws Exception {
    return write(mode + "-" + maxRejected, jobText(mode, maxRejected));
  }

  private static String write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file.toString();
  }

  private static String report() throws Exception {
    Path file = dir.resolve("report.json");
    Files.deleteIfExists(file);
    return file.toString();
  }

  private static String pgAt(int port) {
    return target.jdbcUrl().replace(":" + PostgresServer.shared().port() + "/", ":" + port + "/");
  }

  private static String mariaAt(int port) {
    return source.jdbcUrl().replace(":" + MariaDbServer.shared().port() + "/", ":" + port + "/");
  }

  /** An object of the bucket as text, decompressed when it is gzip. */
  private static String objectText(String key) throws Exception {
    byte[] bytes = s3.read(BUCKET, key);
    if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String targetRows(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          row.append(r.getString(i)).append(" | ");
        }
        rows.add(row.toString());
      }
    }
    assertFalse(rows.isEmpty(), sql + " returns rows");
    return String.join("\n", rows);
  }
}
