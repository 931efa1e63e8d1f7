package dev.ferry.runners;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobFile;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Stores;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ferry plan JOB.yaml}: what {@code run} would do, moving no data. */
@Command(
    name = "plan",
    description = {
      "Prints what 'run' would do without moving data: the tables, their mapped column types,",
      "for a lakehouse the Delta schemas, partitions and paths, for PostgreSQL the target tables,",
      "keys, load order and the DDL it will run, for a dump the directory the next run would",
      "write, its files and schema.sql."
    },
    mixinStandardHelpOptions = true)
final class PlanCommand implements Callable<Integer> {

  @ParentCommand Ferry ferry;

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "the job file")
  Path jobFile;

  @Override
  public Integer call() {
    Job job = JobFile.load(jobFile, ferry.environment());
    Stores.register(job, ferry.environment(), PipelineOptionsFactory.create());
    ferry.spec.commandLine().getOut().print(PlanText.text(JobPlan.of(job)));
    return ExitCode.OK;
  }
}
