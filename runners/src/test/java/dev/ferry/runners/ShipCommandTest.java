package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry ship} against a real S3-protocol server, as cron would run it. */
class ShipCommandTest {

  private static final String LOG_LINE = "\\d{4}-\\d{2}-\\d{2},\\d{2}:\\d{2}:\\d{2},";

  private static S3Server server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = S3Server.shared();
  }

  private static Map<String, String> env() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", server.accessKey(), "AWS_SECRET_ACCESS_KEY", server.secretKey());
  }

  private Cli.Result ship(Map<String, String> env, Path file, String to, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "ship",
                file.toString(),
                "--to",
                to,
                "--endpoint",
                server.endpoint().toString(),
                "--path-style",
                "--log",
                dir.resolve("ship.log").toString()));
    args.addAll(List.of(more));
    return ferry(env, args.toArray(String[]::new));
  }

  private List<String> log() throws Exception {
    return Files.readAllLines(dir.resolve("ship.log"));
  }

  private static String today() {
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
  }

  private static String compactToday() {
    return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  @Test
  void shipsADumpWithItsChecksumTwiceADayAndLogsEachAttempt() throws Exception {
    server.createBucket("cli-ship");
    byte[] bytes = "-- MySQL dump\nCREATE TABLE t (id int);\n".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("shop.sql.gz"), bytes);

    Cli.Result first = ship(env(), file, "s3://cli-ship/backups").exits(ExitCode.OK);
    ship(env(), file, "s3://cli-ship/backups").exits(ExitCode.OK);

    String day = "backups/shop/" + today() + "/shop-" + compactToday();
    assertEquals(
        List.of(
            day + "-2/shop.sql.gz",
            day + "-2/shop.sql.gz.sha256",
            day + "/shop.sql.gz",
            day + "/shop.sql.gz.sha256"),
        server.list("cli-ship"));
    assertArrayEquals(bytes, server.read("cli-ship", day + "/shop.sql.gz"));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertEquals(
        sha + "  shop.sql.gz\n",
        new String(server.read("cli-ship", day + "/shop.sql.gz.sha256"), StandardCharsets.UTF_8));
    assertTrue(first.out().contains("s3://cli-ship/" + day + "/shop.sql.gz"), first.out());
    assertEquals(2, log().size());
    for (String line : log()) {
      assertTrue(line.matches(LOG_LINE + "file successfully uploaded"), line);
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void noFileIsLoggedAndExitsThree() throws Exception {
    server.createBucket("cli-none");
    Cli.Result r = ship(env(), dir.resolve("missing.sql"), "s3://cli-none").exits(ExitCode.FAILURE);

    assertEquals("ferry: there is no file to upload", r.oneLineError());
    assertEquals(1, log().size());
    assertTrue(log().get(0).matches(LOG_LINE + "there is no file to upload"), log().get(0));
    assertEquals(List.of(), server.list("cli-none"));
  }

  @Test
  void anEmptyFileIsNotUploaded() throws Exception {
    server.createBucket("cli-empty");
    Path file = Files.write(dir.resolve("db.sql"), new byte[0]);

    Cli.Result r = ship(env(), file, "s3://cli-empty", "--delete-after").exits(ExitCode.FAILURE);

    assertEquals("ferry: " + file + " is empty (0 bytes): not uploaded", r.oneLineError());
    assertTrue(log().get(0).endsWith("," + file + " is empty (0 bytes): not uploaded"));
    assertTrue(Files.exists(file));
    assertEquals(List.of(), server.list("cli-empty"));
  }

  @Test
  void deleteAfterRemovesTheLocalFile() throws Exception {
    server.createBucket("cli-delete");
    Path file = Files.writeString(dir.resolve("crm.dump"), "pg_dump output");

    ship(env(), file, "s3://cli-delete", "--delete-after", "--name", "crm-prod").exits(ExitCode.OK);

    assertFalse(Files.exists(file));
    assertEquals(
        List.of(
            "crm-prod/" + today() + "/crm-prod-" + compactToday() + "/crm.dump",
            "crm-prod/" + today() + "/crm-prod-" + compactToday() + "/crm.dump.sha256"),
        server.list("cli-delete"));
  }

  @Test
  void aMissingBucketIsOneLineAndKeepsTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("db.sql"), "x");

    Cli.Result r = ship(env(), file, "s3://cli-no-such-bucket/x", "--delete-after");

    r.exits(ExitCode.FAILURE);
    String expected =
        "bucket 'cli-no-such-bucket' does not exist: create it or correct the s3:// path";
    assertEquals("ferry: " + expected, r.oneLineError());
    assertTrue(log().get(0).matches(LOG_LINE + java.util.regex.Pattern.quote(expected)));
    assertTrue(Files.exists(file));
  }

  @Test
  void refusedCredentialsAreOneLineAndTheSecretIsNeverShown() throws Exception {
    server.createBucket("cli-denied");
    Path file = Files.writeString(dir.resolve("db.sql"), "x");
    String wrongSecret = "wrongSecretValue1234567890";

    Cli.Result r =
        ship(
                Map.of(
                    "AWS_ACCESS_KEY_ID", server.accessKey(), "AWS_SECRET_ACCESS_KEY", wrongSecret),
                file,
                "s3://cli-denied")
            .exits(ExitCode.FAILURE);

    String line = r.oneLineError();
    assertTrue(line.startsWith("ferry: S3 refused the credentials"), line);
    String all = r.out() + r.err() + String.join("\n", log());
    assertFalse(all.contains(wrongSecret), all);
    assertFalse(all.contains(server.secretKey()), all);
    assertEquals(1, log().size());
  }

  @Test
  void badArgumentsExitTwo() throws Exception {
    Path file = Files.writeString(dir.resolve("db.sql"), "x");

    assertTrue(
        ship(env(), file, "/not/s3")
            .exits(ExitCode.USAGE)
            .oneLineError()
            .startsWith("ferry: --to must be s3://BUCKET[/PREFIX]"));
    assertTrue(
        ship(env(), file, "s3://cli-args", "--sse", "DES")
            .exits(ExitCode.USAGE)
            .oneLineError()
            .contains("AES256 or aws:kms"));
    assertTrue(ferry("ship", file.toString()).exits(ExitCode.USAGE).err().contains("--to"));
  }
}
