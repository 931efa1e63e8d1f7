package dev.ferry.transforms.s3;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * How to reach S3 or an S3-compatible store: an optional endpoint override, a region, path-style
 * addressing and server-side encryption. Immutable; the credentials are not part of it: they come
 * from the environment given to {@link #toOptions} ({@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) or else the AWS default chain (profiles,
 * container and instance roles), and are never printed.
 *
 * <pre>{@code
 * S3Settings s3 = S3Settings.aws().withEndpoint(URI.create("http://127.0.0.1:9000")).withPathStyle(true);
 * s3.register(System.getenv()); // FileSystems now opens s3://bucket/key
 * }</pre>
 */
public final class S3Settings {

  /** The region when none is given and the AWS default chain finds none. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** Server-side encryption algorithms S3 accepts in {@code x-amz-server-side-encryption}. */
  public static final Set<String> SSE_ALGORITHMS = Set.of("AES256", "aws:kms");

  /**
   * Retries of a failed request unless told otherwise: with the SDK's backoff (up to 20 s between
   * attempts) S3 may be away for about a minute before a run fails.
   */
  public static final int DEFAULT_RETRIES = 10;

  /** The most retries {@link #withRetries} allows. */
  public static final int MAX_RETRIES = 30;

  private final URI endpoint;
  private final String region;
  private final boolean pathStyle;
  private final String sse;
  private final Integer uploadPartBytes;
  private final int retries;

  private S3Settings(
      URI endpoint,
      String region,
      boolean pathStyle,
      String sse,
      Integer uploadPartBytes,
      int retries) {
    this.endpoint = endpoint;
    this.region = region;
    this.pathStyle = pathStyle;
    this.sse = sse;
    this.uploadPartBytes = uploadPartBytes;
    this.retries = retries;
  }

  /** AWS itself: no endpoint override, virtual-host addressing, the default region chain. */
  public static S3Settings aws() {
    return new S3Settings(null, null, false, null, null, DEFAULT_RETRIES);
  }

  /** An S3-compatible store at {@code endpoint} ({@code http://} or {@code https://}). */
  public S3Settings withEndpoint(URI endpoint) {
    if (endpoint != null
        && (endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw new IllegalArgumentException(
          "S3 endpoint must be http://HOST[:PORT] or https://HOST[:PORT], got: " + endpoint);
    }
    return new S3Settings(endpoint, region, pathStyle, sse, uploadPartBytes, retries);
  }

  public S3Settings withRegion(String region) {
    if (region != null && !region.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("S3 region must look like eu-west-1, got: " + region);
    }
    return new S3Settings(endpoint, region, pathStyle, sse, uploadPartBytes, retries);
  }

  /** Path-style addressing ({@code host/bucket/key}), as MinIO and s3proxy need. */
  public S3Settings withPathStyle(boolean pathStyle) {
    return new S3Settings(endpoint, region, pathStyle, sse, uploadPartBytes, retries);
  }

  /** Server-side encryption of what is written: {@code AES256} or {@code aws:kms}; null: none. */
  public S3Settings withSse(String sse) {
    if (sse != null && !SSE_ALGORITHMS.contains(sse)) {
      throw new IllegalArgumentException(
          "server-side encryption must be AES256 or aws:kms, got: " + sse);
    }
    return new S3Settings(endpoint, region, pathStyle, sse, uploadPartBytes, retries);
  }

  /**
   * The part size of multipart uploads, which each open upload holds in memory: Beam's default is
   * 64 MiB with a heap of 512 MB or more, fine for one big file, too much for many parallel writers
   * of smaller files. At least 5 MiB (S3's smallest part); null keeps Beam's default.
   */
  public S3Settings withUploadPartBytes(Integer bytes) {
    if (bytes != null && bytes < (5 << 20)) {
      throw new IllegalArgumentException("S3 upload parts are 5 MiB at least, got " + bytes);
    }
    return new S3Settings(endpoint, region, pathStyle, sse, bytes, retries);
  }

  /**
   * How often a failed request is retried (throttled, a 5xx answer, a lost connection), with the
   * SDK's exponential backoff: 0 to {@value #MAX_RETRIES}.
   */
  public S3Settings withRetries(int retries) {
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new IllegalArgumentException(
          "S3 retries must be 0 to " + MAX_RETRIES + ", got " + retries);
    }
    return new S3Settings(endpoint, region, pathStyle, sse, uploadPartBytes, retries);
  }

  public int retries() {
    return retries;
  }

  public URI endpoint() {
    return endpoint;
  }

  public boolean pathStyle() {
    return pathStyle;
  }

  public String sse() {
    return sse;
  }

  /**
   * The region: the one given, else {@code AWS_REGION} or {@code AWS_DEFAULT_REGION} from {@code
   * env}, else the AWS default chain (profile), else {@value #DEFAULT_REGION}.
   */
  public String region(Map<String, String> env) {
    if (region != null) {
      return region;
    }
    for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    } catch (RuntimeException none) {
      return DEFAULT_REGION;
    }
  }

  /**
   * Static keys from {@code env} when {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}
   * are both set there, else the AWS default chain.
   */
  public static AwsCredentialsProvider credentials(Map<String, String> env) {
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(
        token == null || token.isBlank()
            ? AwsBasicCredentials.create(key, secret)
            : AwsSessionCredentials.create(key, secret, token));
  }

  /** Beam's S3 options for these settings, with credentials as {@link #credentials} finds them. */
  public S3Options toOptions(Map<String, String> env) {
    return applyTo(PipelineOptionsFactory.create(), env);
  }

  /**
   * Sets these settings on a pipeline's {@code options}, so its workers open {@code s3://} paths
   * the same way (a pipeline resets {@code FileSystems} to its own options when it runs).
   */
  public S3Options applyTo(
      org.apache.beam.sdk.options.PipelineOptions pipelineOptions, Map<String, String> env) {
    S3Options options = pipelineOptions.as(S3Options.class);
    options.setAwsRegion(Region.of(region(env)));
    options.setAwsCredentialsProvider(credentials(env));
    if (endpoint != null) {
      options.setEndpoint(endpoint);
    }
    S3ClientOptions client = options.as(S3ClientOptions.class);
    client.setS3PathStyle(pathStyle);
    client.setS3Retries(retries);
    options.setS3ClientFactoryClass(RetryingS3ClientBuilderFactory.class);
    if (sse != null) {
      options.setSSEAlgorithm(sse);
    }
    if (uploadPartBytes != null) {
      options.setS3UploadBufferSizeBytes(uploadPartBytes);
    }
    return options;
  }

  /**
   * Makes Beam's {@code FileSystems} in this JVM open {@code s3://} paths with these settings (and
   * local paths as before). The last call wins: one JVM talks to one S3 store at a time.
   */
  public void register(Map<String, String> env) {
    FileSystems.setDefaultPipelineOptions(toOptions(env));
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "S3Settings{endpoint=%s, region=%s, pathStyle=%s, sse=%s, retries=%d}",
        endpoint,
        region,
        pathStyle,
        sse,
        retries);
  }
}
