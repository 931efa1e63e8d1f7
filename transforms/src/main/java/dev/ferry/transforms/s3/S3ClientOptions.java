package dev.ferry.transforms.s3;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * What ferry adds to Beam's S3 options, read by {@link RetryingS3ClientBuilderFactory} wherever a
 * pipeline's workers open an S3 client: path-style addressing and how often a failed request is
 * retried. Beam 2.70's {@code S3Options} has neither.
 */
public interface S3ClientOptions extends S3Options {

  @Description("path-style addressing (host/bucket/key), as MinIO and s3proxy need")
  @Default.Boolean(false)
  boolean getS3PathStyle();

  void setS3PathStyle(boolean pathStyle);

  @Description("retries of a failed S3 request (throttling, 5xx, a lost connection)")
  @Default.Integer(S3Settings.DEFAULT_RETRIES)
  int getS3Retries();

  void setS3Retries(int retries);
}
