package dev.ferry.runners;

import dev.ferry.pipelines.job.Job;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Option;

/**
 * The runner options every command that runs a pipeline shares ({@code run}, {@code verify}), as a
 * picocli mixin so that they read and behave the same in each.
 */
final class RunnerOptions {

  @Option(
      names = "--runner",
      defaultValue = "direct",
      paramLabel = "direct|flink",
      description =
          "where the pipeline runs: direct (in this JVM) or flink (a Flink cluster with"
              + " --flink-master, else an embedded local Flink) (default: ${DEFAULT-VALUE})")
  RunnerChoice.Runner runner;

  @Option(
      names = "--flink-master",
      paramLabel = "HOST:PORT",
      description =
          "the Flink session cluster to submit to (its REST address); needs --runner flink")
  String flinkMaster;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "workers (default: the cores; on a Flink cluster: its default parallelism)")
  Integer parallelism;

  @Option(
      names = "--flink-jar",
      paramLabel = "FILE",
      description =
          "the jar sent to the Flink cluster (default: ferry-flink.jar beside the jar ferry runs"
              + " from)")
  Path flinkJar;

  /**
   * The pipeline options for this choice, for a pipeline of {@code job} named {@code jobName}; a
   * bad combination, or a relative path in a job sent to a cluster, is a one-line usage error.
   */
  PipelineOptions pipelineOptions(Job job, String jobName) {
    if (onCluster()) {
      ClusterPaths.check(job);
    }
    return RunnerChoice.options(this, jobName);
  }

  /** True when the job is sent to a Flink cluster, whose TaskManagers open the job's paths. */
  boolean onCluster() {
    return runner == RunnerChoice.Runner.FLINK && flinkMaster != null;
  }

  /**
   * What a runner that blocks until the job ends says meanwhile (see {@code JobExecution}); null
   * for the DirectRunner, whose counts show while it runs.
   */
  java.util.function.Supplier<String> status(PipelineOptions options) {
    return runner == RunnerChoice.Runner.FLINK
        ? FlinkStatus.of(flinkMaster == null ? null : flinkMaster.trim(), options.getJobName())
        : null;
  }

  /** {@code direct} or {@code flink}, as the summary shows it. */
  String runnerName() {
    return runner.name().toLowerCase(java.util.Locale.ROOT);
  }
}
