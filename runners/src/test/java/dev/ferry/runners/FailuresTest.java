package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The text ferry makes of a failure never carries a URL's query, where a password may be. */
class FailuresTest {

  private static final String URL = "jdbc:postgresql://db:99999999/shop?password=s3cret&ssl=true";

  @Test
  void urlQueriesAreCutFromTheLineAndTheStackTrace() {
    var e = new IllegalStateException("wrapped", new SQLException("Unable to parse URL " + URL));
    assertEquals(
        "database error: Unable to parse URL jdbc:postgresql://db:99999999/shop (run with"
            + " FERRY_DEBUG=1 for the stack trace)",
        Failures.message(e));
    String trace = Failures.stackTrace(e);
    assertTrue(trace.contains("Unable to parse URL jdbc:postgresql://db:99999999/shop"), trace);
    assertTrue(trace.contains("\tat "), trace);
    assertFalse(trace.contains("s3cret"), trace);
  }

  @Test
  void textWithoutUrlsIsLeftAlone() {
    assertEquals(
        "jdbc:sqlite:/tmp/a.db is fine (really)",
        Failures.withoutUrlQueries("jdbc:sqlite:/tmp/a.db is fine (really)"));
    assertEquals(
        "see jdbc:mariadb://h/db)",
        Failures.withoutUrlQueries("see jdbc:mariadb://h/db?sslMode=disable&password=x)"));
  }

  @Test
  void s3AnswersWithoutFerrysWordsGetS3ErrorsLine() {
    var slowDown =
        software.amazon.awssdk.services.s3.model.S3Exception.builder()
            .statusCode(503)
            .awsErrorDetails(
                software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                    .errorCode("SlowDown")
                    .errorMessage("Please reduce your request rate.")
                    .build())
            .build();
    String line = Failures.message(new RuntimeException("bundle failed", slowDown));
    assertEquals(
        "S3 kept failing on the bucket (503 SlowDown: Please reduce your request rate.), also"
            + " after the retries (s3.retries): it is down or overloaded; run again later",
        line);
    assertEquals(ExitCode.FAILURE, Failures.exitCode(new RuntimeException(slowDown)));
  }
}
