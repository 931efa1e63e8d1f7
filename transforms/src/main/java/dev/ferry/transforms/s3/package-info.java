/**
 * S3 through Beam's aws2 filesystem: {@link dev.ferry.transforms.s3.S3Settings} (endpoint, region,
 * path style, server-side encryption) becomes Beam {@code S3Options} with credentials from the AWS
 * default chain or the given environment, and {@link dev.ferry.transforms.s3.S3Settings#register}
 * makes {@code s3://bucket/key} paths work with Beam's {@code FileSystems} (multipart uploads,
 * retries of transient errors by the AWS SDK). {@link dev.ferry.transforms.s3.S3Errors} turns the
 * SDK's errors into one line for a person.
 */
package dev.ferry.transforms.s3;
