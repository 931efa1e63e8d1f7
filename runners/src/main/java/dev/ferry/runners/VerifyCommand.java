package dev.ferry.runners;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobFile;
import dev.ferry.pipelines.lakehouse.Layer;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Stores;
import dev.ferry.pipelines.run.JobExecution;
import dev.ferry.pipelines.verify.VerifyPipeline;
import dev.ferry.pipelines.verify.VerifyPlan;
import dev.ferry.pipelines.verify.VerifyReport;
import dev.ferry.schemas.SourceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ferry verify JOB.yaml}: proves the target holds what the source holds. */
@Command(
    name = "verify",
    description = {
      "Compares the job's source with its target after the job's own type mapping, casts,",
      "normalizations and rules: row counts, SHA-256 digests per chunk of the key space, and for",
      "each differing chunk the rows missing, extra or changed (which columns); then the orphans",
      "of every foreign key in the target. Rows the job rejects (its dead letters) are counted",
      "apart, not reported missing. A dump is checked against its manifest first; a lakehouse",
      "is compared in its silver layer (or bronze's last run, or an older Delta version)."
    },
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:source and target are equal",
      "1:differences found (missing, extra or changed rows, orphans, a table not compared)",
      "2:bad job file or arguments",
      "3:a source, target or runner failure"
    })
final class VerifyCommand implements Callable<Integer> {

  @ParentCommand Ferry ferry;

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "the job file")
  Path jobFile;

  @Mixin RunnerOptions runner;

  @Option(
      names = "--report",
      paramLabel = "FILE.json",
      description = "also write the verdict as JSON")
  Path report;

  @Option(
      names = "--chunk-rows",
      paramLabel = "N",
      defaultValue = "100000",
      description = "about this many rows per compared chunk (default: ${DEFAULT-VALUE})")
  long chunkRows;

  @Option(
      names = "--sample",
      paramLabel = "N",
      defaultValue = "10",
      description = "differences of each kind shown per table (default: ${DEFAULT-VALUE})")
  int sample;

  @Option(
      names = "--layer",
      paramLabel = "bronze|silver",
      description =
          "lakehouse target: the layer compared (default: silver, after the job's steps; bronze:"
              + " the last run's raw rows)")
  Layer layer;

  @Option(
      names = "--version",
      paramLabel = "N",
      defaultValue = "-1",
      description = "lakehouse target: compare Delta version N of each table (default: the latest)")
  long version;

  @Option(
      names = "--dump",
      paramLabel = "DIR",
      description = "dump target: the dump compared (default: the job's newest complete dump)")
  String dump;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = ferry.spec.commandLine().getOut();
    Job job = JobFile.load(jobFile, ferry.environment());
    VerifyPlan.Options options = new VerifyPlan.Options(chunkRows, sample, layer, version, dump);
    var pipelineOptions = runner.pipelineOptions(job, job.name() + "-verify");
    Stores.register(job, ferry.environment(), pipelineOptions);
    JobPlan plan = JobPlan.of(job);
    VerifyPlan verify = VerifyPlan.of(plan, options);
    out.printf(
        "ferry: verifying job %s: %d tables of %s against %s%n",
        job.name(), verify.tables().size(), plan.inventory().source(), verify.target());
    out.flush();
    List<String> progress = new ArrayList<>();
    for (String t : verify.tableNames()) {
      progress.add(t);
      progress.add(t + " (target)");
    }
    JobExecution.Finished finished =
        JobExecution.run(
            VerifyPipeline.build(verify, pipelineOptions),
            progress,
            ferry.spec.commandLine().getErr(),
            runner.status(pipelineOptions));
    if (finished.state() != PipelineResult.State.DONE) {
      throw new SourceException("the verify pipeline ended " + finished.state());
    }
    VerifyReport verdict = VerifyReport.read(verify, finished.result(), finished.seconds());
    out.print(verdict.text());
    out.flush();
    if (report != null) {
      verdict.writeJson(report);
    }
    return verdict.equal() ? ExitCode.OK : ExitCode.REJECTED;
  }
}
