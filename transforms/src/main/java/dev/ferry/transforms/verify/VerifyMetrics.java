package dev.ferry.transforms.verify;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.StringSet;

/**
 * The counters and samples a verify pipeline reports per table, named in one place. The namespace
 * is {@code ferry.verify:<table>}; {@code ferry verify} reads them back from the runner, so the
 * same numbers come out of the DirectRunner and a Flink cluster.
 *
 * <ul>
 *   <li>{@code source_rows}: source rows the load would write (read, normalized, validated);
 *   <li>{@code rejected}: source rows the load rejects (its dead letters), not expected in the
 *       target;
 *   <li>{@code target_rows}, {@code target_unreadable}: rows read back from the target, rows there
 *       ferry cannot read;
 *   <li>{@code chunks}, {@code chunks_differing}: key-range chunks compared, and those whose
 *       digests differ;
 *   <li>{@code missing}, {@code extra}, {@code changed}: rows of differing chunks by key: in the
 *       source only, in the target only, in both with other values; {@code changed:<column>} per
 *       column;
 *   <li>{@code rejected_at_write}: rows of differing chunks missing in the target because the
 *       target refused them when the load wrote them (they are in its dead letters);
 *   <li>{@code orphans}: target rows whose foreign key finds no parent row;
 *   <li>{@code samples}: a few differences, as {@link RowDiff#line()} lines.
 * </ul>
 */
public final class VerifyMetrics {

  public static final String NAMESPACE_PREFIX = "ferry.verify:";
  public static final String SOURCE_ROWS = "source_rows";
  public static final String REJECTED = "rejected";
  public static final String TARGET_ROWS = "target_rows";
  public static final String TARGET_UNREADABLE = "target_unreadable";
  public static final String CHUNKS = "chunks";
  public static final String CHUNKS_DIFFERING = "chunks_differing";
  public static final String MISSING = "missing";
  public static final String EXTRA = "extra";
  public static final String CHANGED = "changed";
  public static final String CHANGED_COLUMN = "changed:";
  public static final String REJECTED_AT_WRITE = "rejected_at_write";
  public static final String ORPHANS = "orphans";
  public static final String SAMPLES = "samples";

  private VerifyMetrics() {}

  public static Counter counter(String table, String name) {
    return Metrics.counter(NAMESPACE_PREFIX + table, name);
  }

  public static StringSet samples(String table) {
    return Metrics.stringSet(NAMESPACE_PREFIX + table, SAMPLES);
  }
}
