package dev.ferry.transforms.metrics;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The per-table counters every run summary is built from, named in one place. The namespace is
 * {@code ferry:<table>}; the summary reads them back from the runner's committed metrics.
 *
 * <ul>
 *   <li>{@code read}: rows taken from the source, including those rejected on the way;
 *   <li>{@code written}: rows committed to the target;
 *   <li>{@code rejected}: rows written to dead letters;
 *   <li>{@code bytes}: bytes of data files written;
 *   <li>{@code already_committed}: 1 when the run id had committed the table before;
 *   <li>{@code zero_dates}: MySQL zero dates read as NULL;
 *   <li>{@code dropped_fields}: document fields left out under {@code extra: drop};
 *   <li>{@code active_ms}: distribution of wall-clock millis at which rows moved (min = start, max
 *       = end).
 * </ul>
 */
public final class TableMetrics {

  public static final String NAMESPACE_PREFIX = "ferry:";
  public static final String READ = "read";
  public static final String WRITTEN = "written";
  public static final String REJECTED = "rejected";
  public static final String BYTES = "bytes";
  public static final String ACTIVE_MS = "active_ms";
  public static final String ALREADY_COMMITTED = "already_committed";
  public static final String ZERO_DATES = "zero_dates";
  public static final String DROPPED_FIELDS = "dropped_fields";
  public static final String SUPERSEDED = "superseded";

  private static final String DOCUMENTS_SUFFIX = " (documents)";
  private static final String SILVER_SUFFIX = " (silver)";
  private static final String GOLD_SUFFIX = " (gold)";

  private TableMetrics() {}

  /**
   * The name a collection's documents are counted and dead-lettered under, e.g. {@code contracts
   * (documents)}: apart from its tables' names, one of which is often the collection's own.
   */
  public static String documents(String collection) {
    return collection + DOCUMENTS_SUFFIX;
  }

  /**
   * The name a collection's raw bronze table is counted under, e.g. {@code contracts (bronze)}:
   * apart, like {@link #documents}, from the names of the tables its documents flatten into.
   */
  public static String bronze(String collection) {
    return collection + " (bronze)";
  }

  /**
   * The name a lakehouse's silver table is counted under, e.g. {@code orders (silver)}: apart from
   * its bronze table, which keeps the source table's name.
   */
  public static String silver(String table) {
    return table + SILVER_SUFFIX;
  }

  /** The name a lakehouse's gold table is counted under, e.g. {@code daily_revenue (gold)}. */
  public static String gold(String table) {
    return table + GOLD_SUFFIX;
  }

  /** Whether {@code name} counts a layer built from another ({@link #silver}, {@link #gold}). */
  public static boolean isDerivedLayer(String name) {
    return name.endsWith(SILVER_SUFFIX) || name.endsWith(GOLD_SUFFIX);
  }

  /** Whether {@code name} is a collection's documents line ({@link #documents}). */
  public static boolean isDocuments(String name) {
    return name.endsWith(DOCUMENTS_SUFFIX);
  }

  public static String namespace(String table) {
    return NAMESPACE_PREFIX + table;
  }

  public static Counter read(String table) {
    return Metrics.counter(namespace(table), READ);
  }

  public static Counter written(String table) {
    return Metrics.counter(namespace(table), WRITTEN);
  }

  public static Counter rejected(String table) {
    return Metrics.counter(namespace(table), REJECTED);
  }

  public static Counter bytes(String table) {
    return Metrics.counter(namespace(table), BYTES);
  }

  /** Counts commits skipped because this run id had already committed the table. */
  public static Counter alreadyCommitted(String table) {
    return Metrics.counter(namespace(table), ALREADY_COMMITTED);
  }

  /** Counts MySQL zero dates ({@code 0000-00-00}) the mapping read as NULL. */
  /** A silver table's bronze rows left out because a later row of the same key won. */
  public static Counter superseded(String table) {
    return Metrics.counter(namespace(table), SUPERSEDED);
  }

  public static Counter zeroDates(String table) {
    return Metrics.counter(namespace(table), ZERO_DATES);
  }

  /** Counts document fields no column holds, left out under {@code extra: drop}. */
  public static Counter droppedFields(String documents) {
    return Metrics.counter(namespace(documents), DROPPED_FIELDS);
  }

  public static Distribution activeMillis(String table) {
    return Metrics.distribution(namespace(table), ACTIVE_MS);
  }
}
