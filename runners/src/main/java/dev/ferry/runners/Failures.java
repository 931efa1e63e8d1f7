package dev.ferry.runners;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.schemas.SourceException;
import dev.ferry.transforms.dump.DumpRefused;
import dev.ferry.transforms.s3.S3Errors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;

/**
 * Turns whatever ended a command into one line for a person and an exit code. Pipelines wrap worker
 * exceptions several times; the line comes from ferry's own exception inside, or the root cause,
 * never a stack trace.
 */
final class Failures {

  private Failures() {}

  static int exitCode(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof JobException) {
        return ExitCode.USAGE;
      }
      if (c instanceof DumpRefused) {
        return ExitCode.REJECTED;
      }
      if (c instanceof SourceException) {
        return ExitCode.FAILURE;
      }
    }
    return ExitCode.FAILURE;
  }

  static String message(Throwable t) {
    return withoutUrlQueries(line(t));
  }

  /**
   * {@code t}'s stack trace, for {@code FERRY_DEBUG}: the exceptions ferry wraps keep the drivers'
   * own, and a driver that cannot parse a URL quotes it whole.
   */
  static String stackTrace(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return withoutUrlQueries(trace.toString());
  }

  /** Text with every JDBC URL's query cut off: a query may hold {@code password=…}. */
  static String withoutUrlQueries(String text) {
    return text.replaceAll("(jdbc:[A-Za-z0-9]+:[^\\s?]*)\\?[^\\s)\"']*", "$1");
  }

  private static String line(Throwable t) {
    String own = ferryMessage(t);
    if (FlinkFailure.isFlinkJob(t)) {
      return FlinkFailure.message(t, own);
    }
    if (own != null) {
      return own;
    }
    // S3's answers that reached here without ferry's words (Beam's S3 channels pass them on bare)
    java.util.Optional<String> s3 = S3Errors.describe(t, null);
    if (s3.isPresent()) {
      return s3.get();
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String kind =
        root instanceof SQLException
            ? "database error"
            : root instanceof java.io.IOException ? "I/O error" : root.getClass().getSimpleName();
    return kind
        + ": "
        + firstLine(String.valueOf(root.getMessage()))
        + " (run with FERRY_DEBUG=1 for the stack trace)";
  }

  /** The first line of ferry's own exception in the chain (it says what to do), else null. */
  private static String ferryMessage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof JobException || c instanceof SourceException) {
        return firstLine(c.getMessage());
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
