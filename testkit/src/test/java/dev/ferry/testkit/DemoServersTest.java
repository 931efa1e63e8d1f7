package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.sql.JdbcLogin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DemoServers' command line and env file; the servers themselves are tested on their own. */
class DemoServersTest {

  @TempDir Path dir;

  @Test
  void parsesAServerRun() {
    DemoOptions o =
        DemoOptions.parse(
            "--mongo",
            "credit",
            "--postgres",
            "credit",
            "--load",
            "c.jsonl",
            "--collection",
            "contracts",
            "--env-file",
            "demo.env");

    assertEquals("credit", o.mongo());
    assertEquals("credit", o.postgres());
    assertEquals(Path.of("c.jsonl"), o.load());
    assertEquals("contracts", o.collection());
    assertNull(o.into());
    assertEquals(Path.of("demo.env"), o.envFile());
    assertTrue(o.startsServers());
    assertFalse(
        DemoOptions.parse(
                "--load", "c.jsonl", "--collection", "c", "--into", "mongodb://db:27017/credit")
            .startsServers());
  }

  @Test
  void refusesArgumentsItCannotUse() {
    assertEquals("nothing to do: give --mongo, --postgres, --s3, --load or --count", error());
    assertTrue(error("--s3", "Backups").startsWith("bucket name must be 3-63"));
    assertTrue(error("--s3", "ab").startsWith("bucket name must be 3-63"));
    assertEquals("--s3 needs a value (see --help)", error("--s3"));
    assertEquals("unknown option: --mongodb (see --help)", error("--mongodb", "x"));
    assertEquals("--postgres needs a value (see --help)", error("--postgres"));
    assertTrue(error("--mongo", "Credit").startsWith("database name must match"));
    assertEquals("--load needs --collection NAME", error("--mongo", "db", "--load", "f"));
    assertTrue(error("--load", "f", "--collection", "c").startsWith("--load needs a server"));
    assertEquals(
        "--collection and --into go with --load FILE.jsonl",
        error("--mongo", "db", "--collection", "c"));
    assertEquals(
        "--into loads into another MongoDB than --mongo's server: give one of them",
        error("--mongo", "db", "--load", "f", "--collection", "c", "--into", "mongodb://h/db"));
    assertEquals(
        "--count URL SCHEMA goes alone",
        error("--count", "jdbc:postgresql://h/db", "s", "--mongo", "x"));
    assertEquals(
        "--count takes a jdbc:postgresql:// URL", error("--count", "jdbc:mysql://h/db", "s"));
  }

  @Test
  void neverEchoesCredentialsInAUrl() {
    String into =
        error("--load", "f", "--collection", "c", "--into", "mongodb://app:pw1@h:27017/db");
    assertTrue(into.startsWith("mongodb://h:27017/db has credentials"), into);
    assertFalse(into.contains("pw1"), into);

    String count = error("--count", "jdbc:postgresql://app:pw2@h:5432/db", "credit");
    assertTrue(count.contains("has credentials in the URL"), count);
    assertFalse(count.contains("pw2"), count);
  }

  @Test
  void parsesAnS3Run() {
    DemoOptions o = DemoOptions.parse("--s3", "ferry-demo", "--postgres", "shop");

    assertEquals("ferry-demo", o.s3());
    assertEquals("shop", o.postgres());
    assertTrue(o.startsServers());
    assertTrue(DemoOptions.parse("--s3", "b-1").startsServers(), "--s3 alone starts a server");
  }

  @Test
  void startsS3WithAnEmptyBucketAndPrintsNeitherKey() {
    PrintStream err = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    Map<String, String> env;
    try {
      System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
      env = DemoServers.start(DemoOptions.parse("--s3", "demo-handoff"));
    } finally {
      System.setErr(err);
    }

    S3Server s3 = S3Server.shared();
    assertEquals(
        List.of(
            "S3_ENDPOINT", "S3_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"),
        List.copyOf(env.keySet()));
    assertEquals(s3.endpoint().toString(), env.get("S3_ENDPOINT"));
    assertEquals("demo-handoff", env.get("S3_BUCKET"));
    assertEquals(s3.accessKey(), env.get("AWS_ACCESS_KEY_ID"));
    assertEquals(s3.secretKey(), env.get("AWS_SECRET_ACCESS_KEY"));
    assertEquals("us-east-1", env.get("AWS_REGION"));
    assertEquals(List.of(), s3.list("demo-handoff"), "the bucket exists and is empty");
    String out = said.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains(s3.endpoint() + ", bucket demo-handoff"), out);
    assertFalse(out.contains(s3.accessKey()), "the access key is not printed: " + out);
    assertFalse(out.contains(s3.secretKey()), "the secret key is not printed: " + out);
  }

  @Test
  void badArgumentsExitWithTwo() {
    assertEquals(2, DemoServers.run(new String[] {"--bogus"}));
    assertEquals(0, DemoServers.run(new String[] {"--help"}));
  }

  @Test
  void writesTheEnvFileForAShellOnlyItsOwnerCanRead() throws IOException {
    Path file = dir.resolve("demo.env");
    Files.writeString(file, "old");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("PG_URL", "jdbc:postgresql://localhost:5432/credit?a=1&b=2");
    values.put("PG_PASSWORD", "it's $secret");

    EnvFile.write(file, values);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        List.of(
            "# written by dev.ferry.testkit.DemoServers",
            "PG_URL='jdbc:postgresql://localhost:5432/credit?a=1&b=2'",
            "PG_PASSWORD='it'\\''s $secret'"),
        Files.readAllLines(file));
    try (var left = Files.list(dir)) {
      assertEquals(List.of(file), left.toList(), "no partial file is left behind");
    }
    Process sh =
        new ProcessBuilder(
                "sh", "-c", ". \"$1\" && printf %s \"$PG_URL|$PG_PASSWORD\"", "sh", file.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals(
        "jdbc:postgresql://localhost:5432/credit?a=1&b=2|it's $secret",
        new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void countsTheRowsOfEveryTableInASchema() {
    PostgresServer pg = PostgresServer.shared();
    TestDatabase db = pg.createDatabase("demo_counts");
    pg.execute(
        db.name(),
        "CREATE SCHEMA credit",
        "CREATE TABLE credit.clients (id int)",
        "CREATE TABLE credit.\"Installments\" (id int)",
        "CREATE VIEW credit.v AS SELECT 1",
        "INSERT INTO credit.clients SELECT generate_series(1, 1500)");
    JdbcLogin login = JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));

    Map<String, Long> counts = TableCounts.of(login, "credit");

    assertEquals(Map.of("Installments", 0L, "clients", 1500L), counts);
    assertEquals(
        List.of("credit.Installments            0", "credit.clients             1,500"),
        TableCounts.format("credit", counts));
    assertEquals(Map.of(), TableCounts.of(login, "no_such_schema"));
  }

  @Test
  void aFailedCountIsOneLineWithoutThePassword() {
    PostgresServer pg = PostgresServer.shared();
    JdbcLogin login = JdbcLogin.of(pg.jdbcUrl("postgres"), "postgres", Secret.of("wrong-pw-42"));

    SourceException e = assertThrows(SourceException.class, () -> TableCounts.of(login, "credit"));

    assertTrue(
        e.getMessage().startsWith("cannot count the rows in credit on localhost:"), e.getMessage());
    assertTrue(e.getMessage().contains("as postgres: "), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-pw-42"), e.getMessage());
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(args)).getMessage();
  }
}
