package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.transforms.s3.S3Settings;
import java.net.URI;
import java.util.function.Supplier;

/**
 * A job's {@code s3:} settings for an {@code s3://} path: how to reach the store. Credentials are
 * not here: they come from the environment ({@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) or the AWS default chain.
 *
 * @param endpoint an S3-compatible store, e.g. {@code http://127.0.0.1:9000} (MinIO); AWS when
 *     absent
 * @param region e.g. {@code eu-west-1}; else {@code AWS_REGION}, the AWS profile, or us-east-1
 * @param pathStyle {@code host/bucket/key} addressing, as MinIO and most S3-compatible stores need
 * @param sse server-side encryption of what is written: {@code AES256} or {@code aws:kms}
 * @param retries how often a failed request is retried with backoff (default {@value
 *     S3Settings#DEFAULT_RETRIES})
 */
public record S3Spec(
    String endpoint,
    String region,
    @JsonProperty("path_style") Boolean pathStyle,
    String sse,
    Integer retries) {

  /**
   * The settings these keys give; a key's problem is an {@link IllegalArgumentException} whose
   * message starts with the key ({@code sse: …}), so the job file's error names it.
   */
  public S3Settings settings() {
    S3Settings store = key("endpoint", () -> S3Settings.aws().withEndpoint(endpointUri()));
    S3Settings regional = key("region", () -> store.withRegion(region));
    S3Settings encrypted =
        key("sse", () -> regional.withPathStyle(Boolean.TRUE.equals(pathStyle)).withSse(sse));
    return retries == null ? encrypted : key("retries", () -> encrypted.withRetries(retries));
  }

  private URI endpointUri() {
    if (endpoint == null) {
      return null;
    }
    try {
      return URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "S3 endpoint must be http://HOST[:PORT] or https://HOST[:PORT], got: " + endpoint);
    }
  }

  private static S3Settings key(String key, Supplier<S3Settings> setting) {
    try {
      return setting.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
