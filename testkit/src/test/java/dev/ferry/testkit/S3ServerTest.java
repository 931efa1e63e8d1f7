package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ServerTest {

  private static S3Server server;

  @BeforeAll
  static void startServer() {
    server = S3Server.shared();
  }

  private static S3Client client(String secret) {
    return S3Client.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(server.accessKey(), secret)))
        .build();
  }

  @Test
  void putsAndGetsAnObjectWithTheAwsSdk() throws Exception {
    server.createBucket("sdk-round-trip");
    byte[] body = "ação,1\n".getBytes(StandardCharsets.UTF_8);
    try (S3Client s3 = client(server.secretKey())) {
      s3.putObject(b -> b.bucket("sdk-round-trip").key("a/b/c.csv"), RequestBody.fromBytes(body));

      assertArrayEquals(
          body,
          s3.getObjectAsBytes(b -> b.bucket("sdk-round-trip").key("a/b/c.csv")).asByteArray());
      assertEquals(List.of("a/b/c.csv"), server.list("sdk-round-trip"));
      assertArrayEquals(body, server.read("sdk-round-trip", "a/b/c.csv"));

      Files.write(server.objectPath("sdk-round-trip", "a/b/c.csv"), new byte[] {1});
      assertArrayEquals(
          new byte[] {1},
          s3.getObjectAsBytes(b -> b.bucket("sdk-round-trip").key("a/b/c.csv")).asByteArray());
      assertThrows(
          NoSuchKeyException.class,
          () -> s3.getObjectAsBytes(b -> b.bucket("sdk-round-trip").key("missing")));
    }
  }

  @Test
  void refusesAWrongSecret() {
    server.createBucket("sdk-wrong-secret");
    try (S3Client s3 = client("not-the-secret")) {
      S3Exception e =
          assertThrows(
              S3Exception.class,
              () ->
                  s3.putObject(
                      b -> b.bucket("sdk-wrong-secret").key("x"), RequestBody.fromString("x")));
      assertEquals(403, e.statusCode());
    }
  }

  @Test
  void rejectsBadBucketNames() {
    assertThrows(IllegalArgumentException.class, () -> server.createBucket("Bad_Name"));
  }
}
