package dev.ferry.runners;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.SourceSpec.SourceKind;
import java.nio.file.Path;

/**
 * Refuses relative local paths in a job sent to a Flink cluster: the TaskManagers open the job's
 * files from their own working directory, so {@code lake/} would be written (and {@code shop.db}
 * looked for) somewhere else than where ferry was started. A restore from {@code s3://} needs its
 * {@code source.staging} too ({@link #checkRestoreStaging}): ferry downloads and checks the dump
 * there, and the TaskManagers read that checked copy, so it must be a directory they see (not
 * ferry's own temporary directory).
 */
final class ClusterPaths {

  private static final String SQLITE = "jdbc:sqlite:";

  private ClusterPaths() {}

  static void check(Job job) {
    String source = job.source().url();
    if (job.source().kind() == SourceKind.SQLITE && source.startsWith(SQLITE)) {
      refuseRelative("source.url", source.substring(SQLITE.length()));
    } else if (job.source().kind() == SourceKind.DUMP) {
      refuseRelative("source.url", source);
    }
    if (job.target().path() != null) {
      refuseRelative("target.path", job.target().path());
    }
  }

  /**
   * For {@code run}: a restore from {@code s3://} loads the checked copy in {@code source.staging},
   * which must be absolute (verify reads the dump in S3 itself).
   */
  static void checkRestoreStaging(Job job) {
    if (job.source().kind() != SourceKind.DUMP || !job.source().url().startsWith("s3://")) {
      return;
    }
    String staging = job.source().staging();
    if (staging == null) {
      throw new JobException(
          "source.staging is needed to restore an s3:// dump on a Flink cluster: ferry downloads"
              + " and checks the dump there and the TaskManagers read that copy; give an absolute"
              + " directory every TaskManager sees");
    }
    refuseRelative("source.staging", staging);
  }

  private static void refuseRelative(String key, String location) {
    String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    if (path.contains("://") || path.isEmpty() || path.equals(":memory:")) {
      return;
    }
    if (!Path.of(path).isAbsolute()) {
      throw new JobException(
          key
              + " '"
              + location
              + "' is relative, and a Flink cluster's TaskManagers resolve it from their own"
              + " directory: give an absolute path (on storage every TaskManager sees) or s3://");
    }
  }
}
