package dev.ferry.pipelines.plan;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.S3Spec;
import dev.ferry.pipelines.job.TargetSpec;
import dev.ferry.transforms.s3.S3Settings;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where a job's {@code s3://} paths lead: its {@code s3:} settings made Beam's, for this process
 * (planning, checks, manifests) and for the pipeline's workers alike.
 */
public final class Stores {

  /** The multipart upload part size of dump shards. */
  static final int DUMP_UPLOAD_PART_BYTES = 16 << 20;

  private Stores() {}

  /**
   * Makes {@code s3://} paths of {@code job} readable and writable here and in pipelines built with
   * {@code options}; nothing when the job has none.
   *
   * @param env where credentials are looked up ({@code AWS_ACCESS_KEY_ID}…), else the AWS chain
   */
  public static void register(Job job, Map<String, String> env, PipelineOptions options) {
    Optional<S3Settings> settings = settings(job);
    if (settings.isPresent() && job.target().kind() == TargetSpec.TargetKind.DUMP) {
      // Every worker holds one open shard upload: parts of 16 MiB keep that small on many cores
      // (and still allow shards of 160 GiB, far beyond shard_rows).
      settings = Optional.of(settings.get().withUploadPartBytes(DUMP_UPLOAD_PART_BYTES));
    }
    if (settings.isPresent()) {
      settings.get().applyTo(options, env);
      FileSystems.setDefaultPipelineOptions(options);
    }
  }

  /** The S3 settings of the job's {@code s3://} paths, if it has any. */
  static Optional<S3Settings> settings(Job job) {
    boolean source = s3(job.source().url());
    boolean target = s3(job.target().path());
    if (!source && !target) {
      return Optional.empty();
    }
    S3Spec sourceSpec = source ? job.source().s3() : null;
    S3Spec targetSpec = target ? job.target().s3() : null;
    if (sourceSpec != null && targetSpec != null && !sourceSpec.equals(targetSpec)) {
      throw new JobException(
          "source.s3 and target.s3 differ: one run reaches one S3 store (copy between stores with"
              + " two runs)");
    }
    S3Spec spec = sourceSpec != null ? sourceSpec : targetSpec;
    return Optional.of(spec == null ? S3Settings.aws() : spec.settings());
  }

  private static boolean s3(String path) {
    return path != null && path.startsWith("s3://");
  }
}
