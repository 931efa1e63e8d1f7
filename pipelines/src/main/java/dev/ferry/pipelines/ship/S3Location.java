package dev.ferry.pipelines.ship;

import dev.ferry.pipelines.job.JobException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code s3://bucket/prefix}: a bucket and a key prefix (possibly empty), without the trailing
 * slash.
 */
public record S3Location(String bucket, String prefix) {

  private static final Pattern S3_URL =
      Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");

  /** Parses {@code url}; a malformed one is a {@link JobException} naming {@code what}. */
  public static S3Location parse(String url, String what) {
    Matcher m = url == null ? null : S3_URL.matcher(url);
    if (m == null || !m.matches()) {
      throw new JobException(
          what + " must be s3://BUCKET[/PREFIX] (bucket: 3-63 of a-z 0-9 . -), got: " + url);
    }
    String prefix = m.group(2) == null ? "" : m.group(2).replaceAll("^/+|/+$", "");
    if (prefix.contains("//")) {
      throw new JobException(what + " has an empty path segment (//): " + url);
    }
    return new S3Location(m.group(1), prefix);
  }

  /** {@code s3://bucket/prefix/relative}, or {@code s3://bucket/relative} without a prefix. */
  public String resolve(String relative) {
    return "s3://" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/") + relative;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
