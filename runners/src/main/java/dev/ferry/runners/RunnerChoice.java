package dev.ferry.runners;

import dev.ferry.pipelines.job.JobException;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Pipeline options for the runner the user chose; job settings never travel in these. */
final class RunnerChoice {

  enum Runner {
    DIRECT,
    FLINK
  }

  private RunnerChoice() {}

  static PipelineOptions options(Runner runner, Integer parallelism, String jobName) {
    if (runner == Runner.FLINK) {
      throw new JobException(
          "--runner flink is not available in this version of ferry yet; use --runner direct");
    }
    if (parallelism != null && parallelism < 1) {
      throw new JobException("--parallelism must be 1 or more, got " + parallelism);
    }
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
}
