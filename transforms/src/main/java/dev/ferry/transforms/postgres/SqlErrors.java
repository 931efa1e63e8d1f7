package dev.ferry.transforms.postgres;

import java.sql.SQLException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a PostgreSQL error means for a write, decided by its SQLState: a fault of some rows (split
 * the batch, dead-letter them), a passing fault of the connection or the server (retry), or a fault
 * of the setup that no retry fixes (fail the job with one line).
 */
final class SqlErrors {

  /** The three ways a write reacts to an error. */
  enum Kind {
    /** Some row of the batch is at fault: data exceptions (22), constraint violations (23)... */
    DATA,
    /** The connection or server failed, or the transaction lost a race: retry it. */
    TRANSIENT,
    /** Login, permissions, missing table or constraint: every row would fail the same way. */
    FATAL
  }

  /**
   * Row faults outside classes 22 and 23: feature_not_supported and datatype_mismatch for values
   * the type cannot take, program_limit_exceeded for a value too large for an index entry.
   */
  private static final Set<String> DATA_STATES = Set.of("0A000", "42804", "54000");

  /**
   * serialization_failure, deadlock_detected (parallel upserts of the same keys), shutdowns and
   * restarts, too_many_connections, and I/O errors the driver reports without a state.
   */
  private static final Set<String> TRANSIENT_STATES =
      Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300");

  private static final Pattern COPY_CONTEXT =
      Pattern.compile("COPY [^,]+, line (\\d+)(?:, column ([^:]+))?");

  private SqlErrors() {}

  static Kind kind(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
      return Kind.TRANSIENT;
    }
    if (state.startsWith("22") || state.startsWith("23") || DATA_STATES.contains(state)) {
      return Kind.DATA;
    }
    return Kind.FATAL;
  }

  /** The line of a COPY's data (1-based) the server was reading when it failed, if it says. */
  static OptionalInt copyLine(SQLException e) {
    Matcher m = copyContext(e);
    return m == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(1)));
  }

  /**
   * PostgreSQL's error as one line for a dead letter: {@code 23514: new row for relation "items"
   * violates check constraint "qty_positive"}, with the column a COPY names and the detail a value
   * error explains itself with. The COPY's line and the staging table's name mean nothing to a
   * reader and are left out.
   */
  static String reason(SQLException e) {
    ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    if (server == null) {
      return oneLine(e.getSQLState() + ": " + e.getMessage());
    }
    StringBuilder reason = new StringBuilder().append(server.getSQLState()).append(": ");
    reason.append(server.getMessage());
    Matcher copy = copyContext(e);
    if (copy != null && copy.group(2) != null) {
      reason.append(" (column ").append(copy.group(2)).append(')');
    }
    String detail = server.getDetail();
    // "Failing row contains (...)" repeats the values the dead letter already holds.
    if (detail != null && !detail.startsWith("Failing row contains")) {
      reason.append(": ").append(detail);
    }
    return oneLine(reason.toString());
  }

  /** The server's or driver's message, one line, for a failure that stops the write. */
  static String message(SQLException e) {
    ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    String text = server == null ? e.getMessage() : server.getMessage();
    return oneLine((e.getSQLState() == null ? "" : e.getSQLState() + " ") + text);
  }

  /** What to do about a fatal error, for the states a person can fix; empty for others. */
  static String hint(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return "";
    }
    return switch (state) {
      case "28P01", "28000" -> "; check the user and password";
      case "3D000" -> "; create the database first";
      case "3F000", "42P01" -> "; create the table before writing to it";
      case "42703" -> "; the table lacks a written column: compare it with the job's columns";
      case "42P10" -> "; add a unique constraint on the key columns, or write without a key";
      case "42501" -> "; grant the user INSERT (and UPDATE for upserts) on the table";
      default -> "";
    };
  }

  private static Matcher copyContext(SQLException e) {
    if (!(e instanceof PSQLException p) || p.getServerErrorMessage() == null) {
      return null;
    }
    String where = p.getServerErrorMessage().getWhere();
    if (where == null) {
      return null;
    }
    Matcher m = COPY_CONTEXT.matcher(where);
    return m.find() ? m : null;
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    return line.length() > 1000 ? line.substring(0, 997) + "..." : line;
  }
}
