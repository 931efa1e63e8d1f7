package dev.ferry.transforms.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The lines for errors s3proxy cannot produce (bucket policies), from the SDK's own exceptions. */
class S3ErrorsTest {

  private static S3Exception s3(int status, String code, String message) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();
  }

  @Test
  void accessDeniedNamesTheBucketAndThePermissions() {
    IOException wrapped =
        new IOException("upload failed", s3(403, "AccessDenied", "Access Denied"));
    assertEquals(
        "access denied to bucket 'backups': the credentials need s3:PutObject, s3:GetObject and"
            + " s3:ListBucket on it",
        S3Errors.describe(wrapped, "backups").orElseThrow());
  }

  @Test
  void otherErrorsKeepTheirCodeOnOneLine() {
    String line =
        S3Errors.describe(s3(409, "BucketNotEmpty", "The bucket\nis not empty."), "b")
            .orElseThrow();
    assertEquals("S3 error 409 BucketNotEmpty on bucket 'b': The bucket is not empty.", line);
  }

  @Test
  void serverErrorsThatOutlastTheRetriesSayWhatToDo() {
    String line =
        S3Errors.describe(s3(503, "SlowDown", "Please reduce\nyour request rate."), "b")
            .orElseThrow();
    assertEquals(
        "S3 kept failing on bucket 'b' (503 SlowDown: Please reduce your request rate.), also"
            + " after the retries (s3.retries): it is down or overloaded; run again later",
        line);
  }

  @Test
  void anythingElseIsNotAnS3Error() {
    assertTrue(S3Errors.describe(new IOException("disk full"), "b").isEmpty());
  }
}
