package dev.ferry.runners;

import dev.ferry.pipelines.job.JobException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Pipeline options for the runner the user chose; job settings never travel in these. */
final class RunnerChoice {

  enum Runner {
    DIRECT,
    FLINK
  }

  /** Flink's own choice: the cluster {@code flink run} submits to, else an embedded local one. */
  static final String FLINK_AUTO = "[auto]";

  private static final Pattern HOST_PORT = Pattern.compile("[^\\s:/]+:\\d{1,5}");

  private RunnerChoice() {}

  static PipelineOptions options(RunnerOptions choice, String jobName) {
    Integer parallelism = choice.parallelism;
    if (parallelism != null && parallelism < 1) {
      throw new JobException("--parallelism must be 1 or more, got " + parallelism);
    }
    if (choice.runner != Runner.FLINK && (choice.flinkMaster != null || choice.flinkJar != null)) {
      throw new JobException(
          (choice.flinkMaster != null ? "--flink-master" : "--flink-jar")
              + " is for --runner flink; add --runner flink or leave it out");
    }
    return choice.runner == Runner.FLINK ? flink(choice, jobName) : direct(parallelism, jobName);
  }

  private static PipelineOptions direct(Integer parallelism, String jobName) {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setJobName("ferry-" + jobName);
    // Progress is polled while the pipeline runs.
    options.setBlockOnRun(false);
    // The element checks re-encode every row; ferry's transforms do not mutate inputs, and the
    // tests keep the checks on.
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    options.setTargetParallelism(
        parallelism != null
            ? parallelism
            : Math.max(2, Runtime.getRuntime().availableProcessors()));
    return options;
  }

  /**
   * A batch job on Flink, attached: {@code run()} returns when the job has ended, with its metrics.
   * With a master the job goes to that session cluster with ferry's jar staged; without one Flink
   * picks ({@code [auto]}): the cluster of {@code flink run}, else an embedded local Flink.
   */
  private static PipelineOptions flink(RunnerOptions choice, String jobName) {
    FlinkPipelineOptions options = PipelineOptionsFactory.create().as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setJobName("ferry-" + jobName);
    options.setAttachedMode(true);
    options.setStreaming(false);
    // Silver reads each key's rows twice (the latest row, then what it supersedes); Flink's batch
    // GroupByKey hands out a one-pass iterable otherwise.
    options.setReIterableGroupByKeyResult(true);
    if (choice.flinkMaster == null) {
      options.setFlinkMaster(FLINK_AUTO);
      // Nothing to send to an embedded Flink; under flink run the cluster has the jar already.
      options.setFilesToStage(List.of());
    } else {
      String master = choice.flinkMaster.trim();
      if (!HOST_PORT.matcher(master).matches()) {
        throw new JobException(
            "--flink-master: '"
                + master
                + "' is not HOST:PORT (the cluster's REST address,"
                + " e.g. localhost:8081)");
      }
      options.setFlinkMaster(master);
      options.setFilesToStage(List.of(FlinkJar.locate(choice.flinkJar).toString()));
    }
    if (choice.parallelism != null) {
      options.setParallelism(choice.parallelism);
    }
    return options;
  }
}
