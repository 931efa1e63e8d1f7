package dev.ferry.pipelines.run;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs a built pipeline to the end, printing a progress line every few seconds while it runs, and
 * returns the counts. The runner must not block in {@code run()} (the DirectRunner needs {@code
 * blockOnRun=false}) for progress to show.
 */
public final class JobExecution {

  private static final long PROGRESS_EVERY_MS = 5_000;

  private JobExecution() {}

  /** Runs {@code pipeline}; progress goes to {@code progress} (null for none). */
  public static Finished run(Pipeline pipeline, List<String> tables, PrintWriter progress) {
    Instant start = Instant.now();
    PipelineResult result = pipeline.run();
    PipelineResult.State state;
    while (true) {
      state = result.waitUntilFinish(org.joda.time.Duration.millis(PROGRESS_EVERY_MS));
      if (state != null && state.isTerminal()) {
        break;
      }
      if (progress != null) {
        progress.println(progressLine(result, tables, start));
        progress.flush();
      }
    }
    double seconds = java.time.Duration.between(start, Instant.now()).toMillis() / 1000.0;
    return new Finished(state, MetricsSnapshot.read(result, tables, true), seconds, result);
  }

  private static String progressLine(PipelineResult result, List<String> tables, Instant start) {
    List<TableCounts> now = MetricsSnapshot.read(result, tables, false);
    long seconds = java.time.Duration.between(start, Instant.now()).toSeconds();
    String parts =
        now.stream()
            .filter(t -> t.read() > 0)
            .map(
                t ->
                    t.table()
                        + " "
                        + t.read()
                        + " read"
                        + (t.written() > 0 || t.alreadyCommitted() ? " (committed)" : ""))
            .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "[%4ds] %s", seconds, parts.isEmpty() ? "starting…" : parts);
  }

  /**
   * The terminal state, the counts and the wall time of a run, and the runner's result (for other
   * metrics than the counts), null for stages put together from several.
   */
  public record Finished(
      PipelineResult.State state, List<TableCounts> tables, double seconds, PipelineResult result) {

    public Finished(PipelineResult.State state, List<TableCounts> tables, double seconds) {
      this(state, tables, seconds, null);
    }
  }
}
