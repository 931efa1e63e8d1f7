package dev.ferry.transforms.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

  private static S3Server server;

  @BeforeAll
  static void startServer() {
    server = S3Server.shared();
  }

  private static Map<String, String> env() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", server.accessKey(), "AWS_SECRET_ACCESS_KEY", server.secretKey());
  }

  private static S3Settings settings() {
    return S3Settings.aws().withEndpoint(server.endpoint()).withPathStyle(true);
  }

  @Test
  void beamFileSystemsWritesAndReadsS3Paths() throws IOException {
    server.createBucket("beam-fs");
    settings().register(env());
    byte[] body = "id,name\n1,ação\n".getBytes(StandardCharsets.UTF_8);

    ResourceId file = FileSystems.matchNewResource("s3://beam-fs/dumps/shop.csv", false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, "text/csv"))) {
      out.write(body);
    }

    assertEquals(List.of("dumps/shop.csv"), server.list("beam-fs"));
    assertArrayEquals(body, server.read("beam-fs", "dumps/shop.csv"));
    MatchResult.Metadata metadata = FileSystems.matchSingleFileSpec("s3://beam-fs/dumps/shop.csv");
    assertEquals(body.length, metadata.sizeBytes());
    try (InputStream in = Channels.newInputStream(FileSystems.open(metadata.resourceId()))) {
      assertArrayEquals(body, in.readAllBytes());
    }
    assertEquals(
        1, FileSystems.match("s3://beam-fs/dumps/*").metadata().size(), "a glob lists the object");
  }

  @Test
  void aMissingBucketIsOneLine() {
    settings().register(env());
    ResourceId file = FileSystems.matchNewResource("s3://no-such-bucket/x.sql", false);
    Exception e =
        assertThrows(
            Exception.class,
            () -> {
              try (OutputStream out =
                  Channels.newOutputStream(FileSystems.create(file, "application/octet-stream"))) {
                out.write(1);
              }
            });
    assertEquals(
        "bucket 'no-such-bucket' does not exist: create it or correct the s3:// path",
        S3Errors.describe(e, "no-such-bucket").orElseThrow());
  }

  @Test
  void wrongCredentialsAreOneLineWithoutTheSecret() {
    server.createBucket("beam-denied");
    settings()
        .register(
            Map.of(
                "AWS_ACCESS_KEY_ID", server.accessKey(), "AWS_SECRET_ACCESS_KEY", "wrong-secret"));
    ResourceId file = FileSystems.matchNewResource("s3://beam-denied/x.sql", false);
    Exception e =
        assertThrows(
            Exception.class,
            () -> {
              try (OutputStream out =
                  Channels.newOutputStream(FileSystems.create(file, "application/octet-stream"))) {
                out.write(1);
              }
            });
    String line = S3Errors.describe(e, "beam-denied").orElseThrow();
    assertTrue(line.startsWith("S3 refused the credentials (SignatureDoesNotMatch)"), line);
    assertFalse(line.contains("wrong-secret"), line);
  }

  @Test
  void checksItsArguments() {
    assertThrows(IllegalArgumentException.class, () -> S3Settings.aws().withSse("DES"));
    assertThrows(
        IllegalArgumentException.class,
        () -> S3Settings.aws().withEndpoint(java.net.URI.create("ftp://host")));
    assertEquals("eu-west-1", S3Settings.aws().region(Map.of("AWS_REGION", "eu-west-1")));
    assertEquals("sa-east-1", S3Settings.aws().withRegion("sa-east-1").region(Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> S3Settings.aws().withUploadPartBytes(1 << 20));
    assertThrows(IllegalArgumentException.class, () -> S3Settings.aws().withRetries(-1));
    assertThrows(IllegalArgumentException.class, () -> S3Settings.aws().withRetries(31));
  }

  @Test
  void theClientRetriesAsToldAndTenTimesByDefault() {
    S3ClientOptions told =
        S3Settings.aws().withRetries(2).toOptions(env()).as(S3ClientOptions.class);
    assertEquals(2, told.getS3Retries());
    assertEquals(RetryingS3ClientBuilderFactory.class, told.getS3ClientFactoryClass());
    var policy =
        new RetryingS3ClientBuilderFactory()
            .createBuilder(told)
            .overrideConfiguration()
            .retryPolicy();
    assertEquals(2, policy.orElseThrow().numRetries());
    assertEquals(10, S3Settings.aws().toOptions(env()).as(S3ClientOptions.class).getS3Retries());
  }

  @Test
  void uploadPartsAreTheGivenSizeOrBeamsDefault() {
    assertEquals(
        16 << 20,
        S3Settings.aws()
            .withUploadPartBytes(16 << 20)
            .toOptions(env())
            .getS3UploadBufferSizeBytes()
            .intValue());
    assertTrue(
        S3Settings.aws().toOptions(env()).getS3UploadBufferSizeBytes() >= 5 << 20,
        "Beam's own default when none is given");
  }
}
