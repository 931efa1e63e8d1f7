package dev.ferry.pipelines.run;

import dev.ferry.transforms.metrics.TableMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Reads ferry's per-table counters back from a runner. Committed values are used where the runner
 * has them (retried bundles then count once); attempted values otherwise, and while running.
 */
public final class MetricsSnapshot {

  private MetricsSnapshot() {}

  public static List<TableCounts> read(
      PipelineResult result, List<String> tables, boolean finished) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    Map<String, Map<String, Long>> counters = new HashMap<>();
    for (MetricResult<Long> c : metrics.getCounters()) {
      String ns = c.getName().getNamespace();
      if (ns.startsWith(TableMetrics.NAMESPACE_PREFIX)) {
        counters
            .computeIfAbsent(
                ns.substring(TableMetrics.NAMESPACE_PREFIX.length()), k -> new HashMap<>())
            .merge(c.getName().getName(), value(c, finished), Long::sum);
      }
    }
    // One distribution per step that updates it: merge them into one span per table.
    Map<String, long[]> spans = new HashMap<>();
    for (MetricResult<DistributionResult> d : metrics.getDistributions()) {
      String ns = d.getName().getNamespace();
      if (ns.startsWith(TableMetrics.NAMESPACE_PREFIX)
          && d.getName().getName().equals(TableMetrics.ACTIVE_MS)) {
        DistributionResult r = finished ? committedOrAttempted(d) : d.getAttempted();
        if (r != null && r.getCount() > 0) {
          spans.merge(
              ns.substring(TableMetrics.NAMESPACE_PREFIX.length()),
              new long[] {r.getMin(), r.getMax()},
              (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
      }
    }
    List<TableCounts> out = new ArrayList<>();
    for (String t : tables) {
      Map<String, Long> c = counters.getOrDefault(t, Map.of());
      out.add(
          new TableCounts(
              t,
              c.getOrDefault(TableMetrics.READ, 0L),
              c.getOrDefault(TableMetrics.WRITTEN, 0L),
              c.getOrDefault(TableMetrics.REJECTED, 0L),
              c.getOrDefault(TableMetrics.BYTES, 0L),
              seconds(spans.get(t)),
              c.getOrDefault(TableMetrics.ALREADY_COMMITTED, 0L) > 0,
              c.getOrDefault(TableMetrics.ZERO_DATES, 0L),
              c.getOrDefault(TableMetrics.SUPERSEDED, 0L)));
    }
    return out;
  }

  private static double seconds(long[] span) {
    return span == null ? 0 : (span[1] - span[0]) / 1000.0;
  }

  private static long value(MetricResult<Long> c, boolean finished) {
    if (finished) {
      try {
        return c.getCommitted();
      } catch (UnsupportedOperationException e) {
        return c.getAttempted();
      }
    }
    return c.getAttempted();
  }

  private static DistributionResult committedOrAttempted(MetricResult<DistributionResult> d) {
    try {
      return d.getCommitted();
    } catch (UnsupportedOperationException e) {
      return d.getAttempted();
    }
  }
}
