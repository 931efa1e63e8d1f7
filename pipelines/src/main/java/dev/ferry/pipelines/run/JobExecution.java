package dev.ferry.pipelines.run;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs a built pipeline to the end, printing a progress line every few seconds while it runs, and
 * returns the counts. The counts show while it runs when the runner does not block in {@code run()}
 * (the DirectRunner with {@code blockOnRun=false}); a runner that does (Flink, attached, reports
 * its metrics only at the end) is run on a thread of its own while a status line shows instead.
 */
public final class JobExecution {

  private static final long PROGRESS_EVERY_MS = 5_000;

  private JobExecution() {}

  /** Runs {@code pipeline}; progress goes to {@code progress} (null for none). */
  public static Finished run(Pipeline pipeline, List<String> tables, PrintWriter progress) {
    return run(pipeline, tables, progress, null);
  }

  /**
   * Runs {@code pipeline} on a runner that blocks in {@code run()} until the job ends; while it
   * does, {@code status} (null: the runner does not block) says what the job is doing.
   */
  public static Finished run(
      Pipeline pipeline, List<String> tables, PrintWriter progress, Supplier<String> status) {
    Instant start = Instant.now();
    PipelineResult result =
        status == null ? pipeline.run() : runBlocking(pipeline, progress, status, start);
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

  private static PipelineResult runBlocking(
      Pipeline pipeline, PrintWriter progress, Supplier<String> status, Instant start) {
    CompletableFuture<PipelineResult> run = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                run.complete(pipeline.run());
              } catch (Throwable t) {
                run.completeExceptionally(t);
              }
            },
            "ferry-pipeline");
    thread.setDaemon(true);
    thread.start();
    while (true) {
      try {
        return run.get(PROGRESS_EVERY_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (progress != null) {
          long seconds = java.time.Duration.between(start, Instant.now()).toSeconds();
          progress.println(String.format(Locale.ROOT, "[%4ds] %s", seconds, status.get()));
          progress.flush();
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause.getMessage(), cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the pipeline ran", e);
      }
    }
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
