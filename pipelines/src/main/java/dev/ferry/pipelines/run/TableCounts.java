package dev.ferry.pipelines.run;

/**
 * What happened to one table in a run. {@code read == written + rejected} must hold; a run whose
 * counts do not reconcile has lost or duplicated rows and fails.
 *
 * @param seconds from the first row read to the last row moved
 * @param alreadyCommitted the run id had committed this table before: nothing was written again
 * @param zeroDates MySQL zero dates the type mapping read as NULL
 */
public record TableCounts(
    String table,
    long read,
    long written,
    long rejected,
    long bytes,
    double seconds,
    boolean alreadyCommitted,
    long zeroDates) {

  public boolean reconciles() {
    return read == written + rejected;
  }

  public double rowsPerSecond() {
    return seconds <= 0 ? read : read / seconds;
  }
}
