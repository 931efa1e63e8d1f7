package dev.ferry.pipelines.run;

/**
 * What happened to one table in a run. {@code read == written + rejected + superseded} must hold; a
 * run whose counts do not reconcile has lost or duplicated rows and fails.
 *
 * @param seconds from the first row read to the last row moved
 * @param alreadyCommitted the run id had committed this table before: nothing was written again
 * @param zeroDates MySQL zero dates the type mapping read as NULL
 * @param superseded a silver table's bronze rows left out because a later row has the same key
 */
public record TableCounts(
    String table,
    long read,
    long written,
    long rejected,
    long bytes,
    double seconds,
    boolean alreadyCommitted,
    long zeroDates,
    long superseded) {

  /** Counts of a table nothing supersedes rows of (every layer but silver). */
  public TableCounts(
      String table,
      long read,
      long written,
      long rejected,
      long bytes,
      double seconds,
      boolean alreadyCommitted,
      long zeroDates) {
    this(table, read, written, rejected, bytes, seconds, alreadyCommitted, zeroDates, 0);
  }

  public boolean reconciles() {
    return read == written + rejected + superseded;
  }

  public double rowsPerSecond() {
    return seconds <= 0 ? read : read / seconds;
  }
}
