package dev.ferry.runners;

import java.util.regex.Pattern;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.runtime.client.JobExecutionException;

/**
 * What ended a job on Flink, for one readable paragraph. Flink wraps the cause in several layers
 * ({@code Pipeline execution failed} → {@code Job execution failed} → {@code Recovery is
 * suppressed…} → Beam's user-code wrapper → the cause); the paragraph gives the innermost cause
 * that says something, without class names or stack frames.
 */
final class FlinkFailure {

  /** {@code java.lang.IllegalStateException: } and the like, as wrappers quote their cause. */
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("^(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable):\\s*");

  private static final int MAX_CHARS = 800;

  private FlinkFailure() {}

  /** True when {@code t} came from a job that ran on Flink and failed or was cancelled there. */
  static boolean isFlinkJob(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof JobExecutionException) {
        return true;
      }
    }
    return false;
  }

  /** True when the job was cancelled (on the cluster, or its web UI, or {@code flink cancel}). */
  static boolean cancelled(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof JobCancellationException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The paragraph after {@code ferry: }; {@code own} is ferry's own message from the chain (a
   * worker's {@code SourceException} says what to do), null when there is none.
   */
  static String message(Throwable t, String own) {
    if (cancelled(t)) {
      return "the Flink job was cancelled before it finished; the target may hold part of the"
          + " rows (run the job again, or with --run-id for a lakehouse)";
    }
    return "the Flink job failed: " + (own != null ? own : rootCause(t));
  }

  /** The innermost message in the chain, on one line, without a leading class name. */
  static String rootCause(Throwable t) {
    String found = null;
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank()) {
        found = m;
      }
    }
    if (found == null) {
      return "no reason given (run with FERRY_DEBUG=1 for the stack trace)";
    }
    String line = CLASS_PREFIX.matcher(found.strip()).replaceFirst("");
    line = line.replaceAll("\\s*\\R\\s*", " ");
    if (line.length() > MAX_CHARS) {
      line = line.substring(0, MAX_CHARS) + "…";
    }
    return line.isEmpty() ? "no reason given" : line;
  }
}
