package dev.ferry.transforms.gold;

import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.runtime.CalciteContextException;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.sql.parser.SqlParseException;

/** Calcite's reason for rejecting a query, in one line, out of Beam SQL's wrapped exceptions. */
final class SqlErrors {

  private SqlErrors() {}

  static String reason(Throwable e) {
    Throwable deepest = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      // Positioned validation errors ("From line 1, column 8 to line 1, column 11: Column 'x'
      // not found in any table") and parser errors say the most; take the first one found.
      if (t instanceof CalciteContextException || t instanceof SqlParseException) {
        return oneLine(t.getMessage());
      }
      deepest = t;
    }
    String message = deepest.getMessage();
    return oneLine(message == null ? deepest.getClass().getSimpleName() : message);
  }

  private static String oneLine(String message) {
    String line = message.strip();
    int nl = line.indexOf('\n');
    line = nl < 0 ? line : line.substring(0, nl).strip();
    return line.replaceFirst("^(\\S+Exception: )+", "");
  }
}
