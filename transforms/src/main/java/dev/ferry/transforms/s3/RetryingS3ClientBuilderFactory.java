package dev.ferry.transforms.s3;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryPolicy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client with ferry's {@link S3ClientOptions}: path-style addressing when asked, and the
 * AWS SDK's own retry policy (its retryable errors: throttling such as {@code 503 SlowDown}, {@code
 * 500}/{@code 502}/{@code 504}, a reset or refused connection; exponential backoff with jitter from
 * 100 ms, 500 ms when throttled, up to 20 s) allowed {@link S3ClientOptions#getS3Retries()} retries
 * instead of the SDK's 3, so an S3 that is away for a minute does not end a dump of hours. Beam
 * writes every file as a multipart upload, and retrying its requests is safe: a part upload ({@code
 * UploadPart}) replaces what an attempt before stored under the same part number; a repeated {@code
 * CreateMultipartUpload} leaves the first upload incomplete, which no listing or read shows; a
 * listing or a read changes nothing. Not tested here: a {@code CompleteMultipartUpload} that
 * succeeded but whose answer was lost, which AWS S3 answers again on retry and other stores may not
 * (the run then fails in one line and the next run dumps anew).
 */
public final class RetryingS3ClientBuilderFactory implements S3ClientBuilderFactory {

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    S3ClientOptions ferry = options.as(S3ClientOptions.class);
    S3ClientBuilder builder =
        new DefaultS3ClientBuilderFactory()
            .createBuilder(options)
            .forcePathStyle(ferry.getS3PathStyle());
    ClientOverrideConfiguration current = builder.overrideConfiguration();
    int retries = ferry.getS3Retries();
    return builder.overrideConfiguration(
        (current == null ? ClientOverrideConfiguration.builder() : current.toBuilder())
            .retryPolicy(
                AwsRetryPolicy.defaultRetryPolicy().toBuilder().numRetries(retries).build())
            .build());
  }
}
