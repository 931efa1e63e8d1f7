package dev.ferry.runners;

import dev.ferry.pipelines.dump.DumpRun;
import dev.ferry.pipelines.dump.Restore;
import dev.ferry.pipelines.job.BackfillSpec;
import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.JobFile;
import dev.ferry.pipelines.lakehouse.BronzeInventory;
import dev.ferry.pipelines.lakehouse.LakeLayers;
import dev.ferry.pipelines.lakehouse.Layer;
import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Stores;
import dev.ferry.pipelines.run.Bytes;
import dev.ferry.pipelines.run.JobExecution;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.pipelines.run.RunSummary;
import dev.ferry.pipelines.run.Stage;
import dev.ferry.pipelines.run.TableCounts;
import dev.ferry.schemas.SourceException;
import dev.ferry.transforms.dump.DumpFile;
import dev.ferry.transforms.dump.DumpManifest;
import dev.ferry.transforms.dump.DumpPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ferry run JOB.yaml}: runs the job and prints the summary. */
@Command(
    name = "run",
    description = {
      "Runs a job: reads the source, validates and normalizes rows, writes the target.",
      "Every rejected row goes to the dead-letter table with its reason; the summary shows",
      "read, written and rejected per table, and read = written + rejected is checked."
    },
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

  @ParentCommand Ferry ferry;

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "the job file")
  Path jobFile;

  @Mixin RunnerOptions runner;

  @Option(
      names = "--report",
      paramLabel = "FILE.json",
      description = "also write the summary as JSON")
  Path report;

  @Option(
      names = "--layers",
      split = ",",
      paramLabel = "LAYER[,LAYER]",
      description =
          "lakehouse layers to build, from what the layer before holds: bronze, silver, gold"
              + " (default: all the job declares)")
  List<String> layers;

  @Option(
      names = "--from",
      paramLabel = "DAY",
      description = "lakehouse backfill: first day (YYYY-MM-DD) whose partitions are rewritten")
  String from;

  @Option(
      names = "--to",
      paramLabel = "DAY",
      description = "lakehouse backfill: last day (inclusive) whose partitions are rewritten")
  String to;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "repeat a run id: tables that run already committed are left as they are")
  String runId;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = ferry.spec.commandLine().getOut();
    Job job = JobFile.load(jobFile, ferry.environment());
    LakeLayers lakeLayers =
        LakeLayers.of(
            job,
            layers == null ? null : layers.stream().map(RunCommand::layer).toList(),
            from == null && to == null ? null : BackfillSpec.of(from, to));
    if (runner.onCluster()) {
      ClusterPaths.checkRestoreStaging(job);
    }
    var options = runner.pipelineOptions(job, job.name());
    Stores.register(job, ferry.environment(), options);
    JobPlan plan =
        lakeLayers.fromBronze(job) ? JobPlan.of(job, BronzeInventory.read(job)) : JobPlan.of(job);
    RunContext run = runId == null ? RunContext.startNow() : RunContext.resume(runId);
    Restore restore = null;
    if (plan.dump() != null) {
      out.printf(
          "ferry: checking dump %s (%d files)%n",
          plan.dump().dir(), plan.dump().manifest().files().size());
      out.flush();
      restore = Restore.check(plan, run.runId());
      plan = restore.plan();
      out.printf("ferry: dump checked: every file's size, SHA-256 and rows as its manifest says%n");
    }
    JobLaunch launch = JobLaunch.of(plan, run, options, lakeLayers);
    if (launch.dump() != null) {
      noteUnfinishedDumps(launch.dump(), run, out);
    }
    out.printf(
        "ferry: run %s of job %s: %d tables from %s to %s%n",
        run.runId(),
        job.name(),
        plan.tableNames().size(),
        plan.inventory().source(),
        launch.target());
    if (launch.prepared() != null && !launch.prepared().redone().isEmpty()) {
      out.printf(
          "ferry: an earlier run of job %s did not finish: created %s again (dropped, with that"
              + " run's dead letters) and loads them from the start%n",
          job.name(), String.join(", ", launch.prepared().redone()));
    }
    for (CollectionPlan c : plan.collections()) {
      out.printf(
          "ferry: collection %s: %s into %d tables; %s%n",
          c.collection(), c.samplingText(), c.flatten().tables().size(), c.split().describe());
      c.flatten().notes().forEach(n -> out.printf("ferry: collection %s: %s%n", c.collection(), n));
    }
    if (!plan.inventory().notCopied().isEmpty()) {
      out.printf(
          "ferry: not copied (ferry plan lists them): %s%n",
          plan.inventory().notCopied().stream()
              .map(o -> o.kind() + " " + o.name())
              .collect(java.util.stream.Collectors.joining(", ")));
    }
    out.flush();
    JobExecution.Finished finished;
    try {
      finished = runStages(launch.stages(), out);
    } catch (RuntimeException e) {
      launch.failed();
      if (restore != null) {
        restore.cleanUp();
      }
      if (launch.dump() != null && Failures.exitCode(e) == ExitCode.FAILURE) {
        throw new SourceException(
            Failures.message(e)
                + "; the unfinished dump "
                + launch.dump().dir()
                + " has no manifest.json, so no restore picks it",
            e);
      }
      throw e;
    }
    List<String> schemaFailures = launch.finish();
    List<String> restoreProblems = List.of();
    if (restore != null) {
      restoreProblems = restore.verify(launch.migrate(), finished.tables());
      restore.cleanUp();
    }
    RunSummary summary =
        new RunSummary(
            job.name(),
            run.runId(),
            runner.runnerName(),
            launch.target(),
            launch.deadLetters(),
            finished.seconds(),
            job.maxRejected(),
            finished.tables(),
            schemaFailures);
    out.print(summary.text());
    DumpRun dump = launch.dump();
    if (dump != null) {
      DumpManifest manifest = dump.confirm();
      out.printf(
          "ferry: dump complete: %s (%d files, %s, manifest.json written last)%n",
          dump.dir(),
          manifest.files().size() + 1,
          Bytes.human(manifest.files().stream().mapToLong(DumpFile::bytes).sum()));
    }
    restoreProblems.forEach(p -> out.printf("ferry: restore differs from the dump: %s%n", p));
    out.flush();
    if (report != null) {
      summary.writeJson(report);
    }
    if (!summary.reconciles()) {
      ferry
          .spec
          .commandLine()
          .getErr()
          .println(
              "ferry: counts do not reconcile (read != written + rejected): rows were lost or duplicated;"
                  + " please report this with the JSON report");
      return ExitCode.FAILURE;
    }
    if (!restoreProblems.isEmpty()) {
      return ExitCode.FAILURE;
    }
    int code =
        summary.overRejectLimit() || !schemaFailures.isEmpty() ? ExitCode.REJECTED : ExitCode.OK;
    if (restore != null && code == ExitCode.OK) {
      restore.markRestored(launch.migrate(), run, finished.tables());
      out.printf(
          "ferry: restore verified (every table's rows as the manifest says); marked %s%n",
          restore.dump().resolve(DumpPaths.RESTORED));
      out.flush();
    }
    return code;
  }

  /**
   * Names the dumps of the run's day that a failed or killed run left without {@code
   * manifest.json}: nothing restores them, and nothing deletes them but a person.
   */
  private static void noteUnfinishedDumps(DumpRun dump, RunContext run, PrintWriter out) {
    List<String> unfinished =
        dump.plan()
            .unfinishedDirectories(
                java.time.LocalDate.ofInstant(run.startedAt(), java.time.ZoneOffset.UTC));
    for (String directory : unfinished) {
      if (!directory.equals(dump.directory())) { // this run's own, claimed a moment ago
        out.printf(
            "ferry: note: %s is an unfinished dump (no manifest.json: a failed or killed run);"
                + " nothing restores it: delete it%n",
            DumpPaths.resolve(dump.plan().root(), directory));
      }
    }
  }

  /** Runs the stages in order, each after the one before committed; their counts, in order. */
  private JobExecution.Finished runStages(List<Stage> stages, PrintWriter out) {
    List<TableCounts> tables = new ArrayList<>();
    double seconds = 0;
    for (Stage stage : stages) {
      if (stage.alreadyCommitted()) {
        out.printf("ferry: %s: committed before by this run id; skipped%n", stage.name());
        stage.tables().forEach(t -> tables.add(new TableCounts(t, 0, 0, 0, 0, 0, true, 0)));
        continue;
      }
      if (stages.size() > 1) {
        out.printf("ferry: building %s (%d tables)%n", stage.name(), stage.tables().size());
        out.flush();
      }
      Pipeline pipeline = stage.pipeline().get();
      JobExecution.Finished finished =
          JobExecution.run(
              pipeline,
              stage.tables(),
              ferry.spec.commandLine().getErr(),
              runner.status(pipeline.getOptions()));
      if (finished.state() != PipelineResult.State.DONE) {
        throw new SourceException(
            "the " + stage.name() + " pipeline ended " + finished.state() + " before finishing");
      }
      tables.addAll(finished.tables());
      seconds += finished.seconds();
    }
    return new JobExecution.Finished(PipelineResult.State.DONE, tables, seconds);
  }

  private static Layer layer(String name) {
    try {
      return Layer.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new JobException("--layers: '" + name + "' is not a layer (bronze, silver, gold)");
    }
  }
}
