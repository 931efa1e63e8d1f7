package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Runs the real {@code ferry} command line in this JVM and keeps what it printed. */
final class Cli {

  private Cli() {}

  /** What one command printed and returned. */
  record Result(int exit, String out, String err) {

    /** Asserts the exit code, showing both streams when it is not the expected one. */
    Result exits(int expected) {
      assertEquals(expected, exit, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
      return this;
    }

    /**
     * This result without the progress lines ({@code [ 5s] …}) on stderr, which long runs print
     * before an error.
     */
    Result withoutProgress() {
      String rest =
          err.lines()
              .filter(l -> !l.matches("\\[\\s*\\d+s\\] .*"))
              .map(l -> l + "\n")
              .collect(java.util.stream.Collectors.joining());
      return new Result(exit, out, rest);
    }

    /** The stderr lines, without blank ones. */
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }

    /**
     * Asserts stderr is one {@code ferry: …} line (two for argument errors, which add a usage hint)
     * with no stack trace, and returns that first line.
     */
    String oneLineError() {
      List<String> lines = errLines();
      assertFalse(lines.isEmpty(), "stderr is empty; stdout:\n" + out);
      assertTrue(lines.get(0).startsWith("ferry: "), "stderr starts with 'ferry: ': " + err);
      assertTrue(
          lines.size() == 1 || (lines.size() == 2 && lines.get(1).startsWith("Try 'ferry ")),
          "one line on stderr: " + err);
      assertFalse(err.contains("\tat "), "no stack trace: " + err);
      assertFalse(
          err.matches("(?s).*[A-Za-z](Exception|Error)\\b.*"), "no exception class names: " + err);
      return lines.get(0);
    }
  }

  static Result ferry(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try (PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true)) {
      exit = Ferry.execute(args, o, e, env);
    }
    return new Result(exit, out.toString(), err.toString());
  }

  static Result ferry(String... args) {
    return ferry(Map.of(), args);
  }
}
