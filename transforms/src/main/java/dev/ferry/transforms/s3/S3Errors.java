package dev.ferry.transforms.s3;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One line for a person from an S3 failure anywhere in an exception's causes (Beam wraps the AWS
 * SDK's exceptions in {@code IOException}s): a missing bucket, access denied and refused
 * credentials each get their own line naming the bucket and what to do. The SDK's messages carry
 * request ids, never keys.
 */
public final class S3Errors {

  private S3Errors() {}

  /**
   * The line for the first S3 or SDK client error among {@code t}'s causes, if there is one.
   *
   * @param bucket the bucket the failed request was for, or null when it is not known
   */
  public static Optional<String> describe(Throwable t, String bucket) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NoSuchBucketException) {
        return Optional.of(noSuchBucket(bucket));
      }
      if (c instanceof S3Exception s3) {
        return Optional.of(describe(s3, bucket));
      }
      if (c instanceof SdkClientException client) {
        return Optional.of(
            "S3 could not be reached ("
                + oneLine(client.getMessage())
                + "), also after the retries (s3.retries): check s3.endpoint and the network,"
                + " then run again");
      }
    }
    return Optional.empty();
  }

  private static String describe(S3Exception e, String bucket) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if ("NoSuchBucket".equals(code) || (e.statusCode() == 404 && code == null)) {
      return noSuchBucket(bucket);
    }
    if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
      return "S3 refused the credentials ("
          + code
          + "): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the AWS profile";
    }
    if (e.statusCode() == 403) {
      return "access denied to "
          + named(bucket)
          + (code == null || "AccessDenied".equals(code) ? "" : " (" + code + ")")
          + ": the credentials need s3:PutObject, s3:GetObject and s3:ListBucket on it";
    }
    String message =
        e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
            ? e.getMessage()
            : e.awsErrorDetails().errorMessage();
    if (e.statusCode() >= 500 || e.isThrottlingException()) {
      return "S3 kept failing on "
          + named(bucket)
          + " ("
          + e.statusCode()
          + (code == null ? "" : " " + code)
          + ": "
          + oneLine(message)
          + "), also after the retries (s3.retries): it is down or overloaded; run again later";
    }
    return "S3 error "
        + e.statusCode()
        + (code == null ? "" : " " + code)
        + " on "
        + named(bucket)
        + ": "
        + oneLine(message);
  }

  private static String noSuchBucket(String bucket) {
    return named(bucket) + " does not exist: create it or correct the s3:// path";
  }

  /** {@code bucket 'NAME'}, or {@code the bucket} where the caller does not know which. */
  private static String named(String bucket) {
    return bucket == null || bucket.isEmpty() ? "the bucket" : "bucket '" + bucket + "'";
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
