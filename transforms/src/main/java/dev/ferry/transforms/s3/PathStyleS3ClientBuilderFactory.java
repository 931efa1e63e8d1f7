package dev.ferry.transforms.s3;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client with path-style addressing ({@code http://host/bucket/key}), which MinIO,
 * s3proxy and most S3-compatible stores need behind an endpoint override: Beam 2.70's {@code
 * S3Options} has no switch for it, only this factory hook ({@code --s3ClientFactoryClass}).
 */
public final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
  }
}
