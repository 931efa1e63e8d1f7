package dev.ferry.runners;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.JobFile;
import dev.ferry.pipelines.job.TargetSpec.TargetKind;
import dev.ferry.transforms.delta.DeltaVacuum;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ferry vacuum JOB.yaml}: deletes the data files no version within the retention needs, in
 * every Delta table of the job's lake (each layer's tables and the dead letters). Backfills and
 * silver rebuilds replace files; the replaced ones stay for time travel until vacuumed.
 */
@Command(
    name = "vacuum",
    description = {
      "Deletes data files of the job's lakehouse that no table version within the retention",
      "references (replaced by backfills and rebuilds, or left by failed runs). Time travel",
      "to versions older than the retention stops working. Needs only the lake, not the source."
    },
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "2:bad job file or arguments", "3:a table could not be vacuumed"})
final class VacuumCommand implements Callable<Integer> {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([dhm])");

  @ParentCommand Ferry ferry;

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "the job file")
  Path jobFile;

  @Option(
      names = "--retain",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description = "keep what versions of this age need, e.g. 7d, 48h (default: ${DEFAULT-VALUE})")
  String retain;

  @Option(
      names = "--force",
      description = "allow a retention under 7 days (a run in progress may lose its files)")
  boolean force;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = ferry.spec.commandLine().getOut();
    Job job = JobFile.load(jobFile, ferry.environment());
    if (job.target().kind() != TargetKind.LAKEHOUSE) {
      throw new JobException("vacuum: only a lakehouse target has Delta tables to vacuum");
    }
    Duration retention = retention(retain);
    if (retention.compareTo(DeltaVacuum.DEFAULT_RETENTION) < 0 && !force) {
      throw new JobException(
          "--retain "
              + retain
              + ": under 7 days, files a running job has written but not yet committed may be"
              + " deleted; add --force if no job writes to this lake now");
    }
    long deleted = 0;
    for (Path table : tables(Path.of(job.target().path()))) {
      List<String> files = DeltaVacuum.of(table.toString()).retention(retention).run();
      out.printf(Locale.ROOT, "%s: %d files deleted%n", table, files.size());
      deleted += files.size();
    }
    out.printf(
        Locale.ROOT, "ferry: vacuum done: %d files deleted, kept %s of history%n", deleted, retain);
    out.flush();
    return ExitCode.OK;
  }

  /** Every Delta table under the lake: {@code <layer>/<table>} and {@code _dead_letters}. */
  static List<Path> tables(Path lake) throws IOException {
    List<Path> tables = new ArrayList<>();
    if (Files.isDirectory(lake.resolve("_dead_letters/_delta_log"))) {
      tables.add(lake.resolve("_dead_letters"));
    }
    for (String layer : List.of("bronze", "silver", "gold")) {
      Path dir = lake.resolve(layer);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> children = Files.list(dir)) {
        children
            .filter(p -> Files.isDirectory(p.resolve("_delta_log")))
            .sorted()
            .forEach(tables::add);
      }
    }
    return tables;
  }

  private static Duration retention(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new JobException("--retain: '" + text + "' is not a duration like 7d, 48h or 30m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
