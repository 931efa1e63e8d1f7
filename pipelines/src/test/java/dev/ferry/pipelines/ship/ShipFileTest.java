package dev.ferry.pipelines.ship;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.testkit.S3Server;
import dev.ferry.transforms.s3.S3Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipFileTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

  private static S3Server server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = S3Server.shared();
    settings().register(env());
  }

  private static S3Settings settings() {
    return S3Settings.aws().withEndpoint(server.endpoint()).withPathStyle(true);
  }

  private static Map<String, String> env() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", server.accessKey(), "AWS_SECRET_ACCESS_KEY", server.secretKey());
  }

  private Path dump(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void uploadsIntoTheDatedLayoutWithItsChecksum() throws Exception {
    server.createBucket("ship-layout");
    byte[] bytes = new byte[7 * 1024 * 1024 + 13]; // more than one 5 MiB multipart part
    new Random(5).nextBytes(bytes);
    Path file = dump("shop.sql.gz", bytes);

    Shipment s = ShipFile.of(file, S3Location.parse("s3://ship-layout/mysql/", "--to")).run(DAY);

    String dirKey = "mysql/shop/2026/11/21/shop-20261121/";
    assertEquals("s3://ship-layout/" + dirKey + "shop.sql.gz", s.url());
    assertEquals(
        List.of(dirKey + "shop.sql.gz", dirKey + "shop.sql.gz.sha256"), server.list("ship-layout"));
    assertArrayEquals(bytes, server.read("ship-layout", dirKey + "shop.sql.gz"));
    assertEquals(
        sha256(bytes) + "  shop.sql.gz\n",
        new String(
            server.read("ship-layout", dirKey + "shop.sql.gz.sha256"), StandardCharsets.UTF_8));
    assertEquals(bytes.length, s.bytes());
    assertFalse(s.deleted());
    assertTrue(Files.exists(file));
  }

  @Test
  void uploadsABigFileInSeveralMultipartParts() throws Exception {
    server.createBucket("ship-parts");
    S3Options options = settings().toOptions(env());
    options.setS3UploadBufferSizeBytes(5 * 1024 * 1024); // S3's smallest part
    FileSystems.setDefaultPipelineOptions(options);
    try {
      byte[] bytes = new byte[12 * 1024 * 1024 + 7]; // three parts
      new Random(12).nextBytes(bytes);
      Path file = dump("big.sql", bytes);

      Shipment s =
          ShipFile.of(file, S3Location.parse("s3://ship-parts", "--to"))
              .withDeleteAfter(true)
              .run(DAY);

      assertArrayEquals(bytes, server.read("ship-parts", "big/2026/11/21/big-20261121/big.sql"));
      assertEquals(sha256(bytes), s.sha256());
    } finally {
      settings().register(env());
    }
  }

  @Test
  void aSecondShipOfTheDayGetsTheNextNumberAndNeverOverwrites() throws Exception {
    server.createBucket("ship-twice");
    S3Location to = S3Location.parse("s3://ship-twice", "--to");
    Path first = dump("db.sql", "first\n".getBytes(StandardCharsets.UTF_8));
    ShipFile.of(first, to).run(DAY);
    Path second = dump("db.sql", "second\n".getBytes(StandardCharsets.UTF_8));
    Shipment two = ShipFile.of(second, to).run(DAY);
    Shipment three = ShipFile.of(second, to).withName("crm").run(DAY);
    Shipment four = ShipFile.of(second, to).run(DAY);

    assertEquals("s3://ship-twice/db/2026/11/21/db-20261121-2/db.sql", two.url());
    assertEquals("s3://ship-twice/crm/2026/11/21/crm-20261121/db.sql", three.url());
    assertEquals("s3://ship-twice/db/2026/11/21/db-20261121-3/db.sql", four.url());
    assertArrayEquals(
        "first\n".getBytes(StandardCharsets.UTF_8),
        server.read("ship-twice", "db/2026/11/21/db-20261121/db.sql"));
  }

  @Test
  void deleteAfterRemovesTheFileOnlyOnceTheCopyIsConfirmed() throws Exception {
    server.createBucket("ship-delete");
    Path file = dump("pg.dump", "pg_dump -Fc output".getBytes(StandardCharsets.UTF_8));

    Shipment s =
        ShipFile.of(file, S3Location.parse("s3://ship-delete/x", "--to"))
            .withDeleteAfter(true)
            .run(DAY);

    assertTrue(s.deleted());
    assertFalse(Files.exists(file));
    assertEquals(
        "pg_dump -Fc output",
        new String(
            server.read("ship-delete", "x/pg/2026/11/21/pg-20261121/pg.dump"),
            StandardCharsets.UTF_8));
  }

  @Test
  void aMissingFileIsNoFileToUpload() {
    server.createBucket("ship-none");
    ShipException e =
        assertThrows(
            ShipException.class,
            () ->
                ShipFile.of(dir.resolve("absent.sql"), S3Location.parse("s3://ship-none", "--to"))
                    .run(DAY));
    assertEquals(ShipLog.NO_FILE, e.getMessage());
    assertEquals(List.of(), server.list("ship-none"));
  }

  @Test
  void aMissingBucketFailsAndKeepsTheFile() throws Exception {
    Path file = dump("db.sql", "x".getBytes(StandardCharsets.UTF_8));
    assertThrows(
        Exception.class,
        () ->
            ShipFile.of(file, S3Location.parse("s3://ship-no-bucket", "--to"))
                .withDeleteAfter(true)
                .run(DAY));
    assertTrue(Files.exists(file));
  }

  @Test
  void checksLocationsAndNames() {
    assertEquals(new S3Location("b-1", "a/b"), S3Location.parse("s3://b-1/a/b/", "--to"));
    assertEquals("s3://b-1/k", new S3Location("b-1", "").resolve("k"));
    assertThrows(JobException.class, () -> S3Location.parse("/local/path", "--to"));
    assertThrows(JobException.class, () -> S3Location.parse("s3://B/x", "--to"));
    assertThrows(
        JobException.class,
        () -> ShipFile.of(Path.of("a.sql"), new S3Location("b-1", "")).withName("../x"));
    assertThrows(
        JobException.class, () -> ShipFile.of(Path.of(".sql"), new S3Location("b-1", "")).name());
    assertEquals("db", ShipFile.of(Path.of("/x/db.sql.gz"), new S3Location("b-1", "")).name());
  }
}
