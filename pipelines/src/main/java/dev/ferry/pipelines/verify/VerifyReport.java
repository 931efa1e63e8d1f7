package dev.ferry.pipelines.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.transforms.verify.RowDiff;
import dev.ferry.transforms.verify.VerifyMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.metrics.StringSetResult;

/**
 * The end of {@code ferry verify}: one line per table (source rows, target rows, rejected, chunks,
 * differing chunks, rows differing, orphans, verdict), then a sample of each difference, as text
 * for people and as JSON for {@code --report}. It holds counts, keys and values, never a secret.
 */
public record VerifyReport(
    String job, String source, String target, double seconds, List<TableVerdict> tables) {

  public VerifyReport {
    tables = List.copyOf(tables);
  }

  /** Reads what the verify pipeline of {@code plan} counted. */
  public static VerifyReport read(VerifyPlan plan, PipelineResult result, double seconds) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    Map<String, Map<String, Long>> counters = new HashMap<>();
    for (MetricResult<Long> c : metrics.getCounters()) {
      String ns = c.getName().getNamespace();
      if (ns.startsWith(VerifyMetrics.NAMESPACE_PREFIX)) {
        counters
            .computeIfAbsent(
                ns.substring(VerifyMetrics.NAMESPACE_PREFIX.length()), k -> new HashMap<>())
            .merge(c.getName().getName(), value(c), Long::sum);
      }
    }
    Map<String, List<RowDiff>> samples = new HashMap<>();
    for (MetricResult<StringSetResult> s : metrics.getStringSets()) {
      String ns = s.getName().getNamespace();
      if (ns.startsWith(VerifyMetrics.NAMESPACE_PREFIX)) {
        List<RowDiff> list =
            samples.computeIfAbsent(
                ns.substring(VerifyMetrics.NAMESPACE_PREFIX.length()), k -> new ArrayList<>());
        s.getAttempted().getStringSet().forEach(line -> list.add(RowDiff.parse(line)));
      }
    }
    List<TableVerdict> tables = new ArrayList<>();
    for (String t : plan.tableNames()) {
      Map<String, Long> c = counters.getOrDefault(t, Map.of());
      Map<String, Long> columns = new TreeMap<>();
      c.forEach(
          (k, v) -> {
            if (k.startsWith(VerifyMetrics.CHANGED_COLUMN) && v > 0) {
              columns.put(k.substring(VerifyMetrics.CHANGED_COLUMN.length()), v);
            }
          });
      List<RowDiff> sample = new ArrayList<>(samples.getOrDefault(t, List.of()));
      sample.sort(
          Comparator.comparing(RowDiff::kind)
              .thenComparing(d -> d.key().length())
              .thenComparing(RowDiff::key));
      String problem = plan.problems().get(t);
      long sourceRows = c.getOrDefault(VerifyMetrics.SOURCE_ROWS, 0L);
      tables.add(
          new TableVerdict(
              t,
              sourceRows,
              c.getOrDefault(VerifyMetrics.REJECTED, 0L),
              c.getOrDefault(VerifyMetrics.REJECTED_AT_WRITE, 0L),
              c.getOrDefault(VerifyMetrics.TARGET_ROWS, 0L),
              c.getOrDefault(VerifyMetrics.TARGET_UNREADABLE, 0L),
              c.getOrDefault(VerifyMetrics.CHUNKS, 0L),
              c.getOrDefault(VerifyMetrics.CHUNKS_DIFFERING, 0L),
              problem == null ? c.getOrDefault(VerifyMetrics.MISSING, 0L) : 0,
              c.getOrDefault(VerifyMetrics.EXTRA, 0L),
              c.getOrDefault(VerifyMetrics.CHANGED, 0L),
              columns,
              c.getOrDefault(VerifyMetrics.ORPHANS, 0L),
              problem,
              sample));
    }
    return new VerifyReport(
        plan.job().job().name(), plan.job().inventory().source(), plan.target(), seconds, tables);
  }

  private static long value(MetricResult<Long> c) {
    try {
      return c.getCommitted();
    } catch (UnsupportedOperationException e) {
      return c.getAttempted();
    }
  }

  /** Whether every table is equal and has no orphans. */
  public boolean equal() {
    return tables.stream().allMatch(TableVerdict::equal);
  }

  public String text() {
    int width = Math.max(5, tables.stream().mapToInt(t -> t.table().length() + 1).max().orElse(5));
    String row = "%-" + width + "s %11s %11s %9s %7s %9s %9s %8s  %s%n";
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "ferry verify %s: %s → %s%n%n", job, source, target));
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "table",
            "source rows",
            "target rows",
            "rejected",
            "chunks",
            "differing",
            "rows diff",
            "orphans",
            "verdict"));
    for (TableVerdict t : tables) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              t.table(),
              t.sourceRows(),
              t.problem() == null ? Long.toString(t.targetRows()) : "-",
              t.allRejected(),
              t.problem() == null ? Long.toString(t.chunks()) : "-",
              t.problem() == null ? Long.toString(t.chunksDiffering()) : "-",
              t.problem() == null ? Long.toString(t.rowsDiffering()) : "-",
              t.orphans(),
              t.verdict()));
    }
    out.append('\n');
    for (TableVerdict t : tables) {
      details(t, out);
    }
    long differing = tables.stream().filter(t -> !t.equal()).count();
    String verdict =
        differing == 0
            ? "all " + tables.size() + " tables equal"
            : differing + " of " + tables.size() + " tables differ";
    out.append(
        String.format(
            Locale.ROOT, "ferry: verify: %s (%.1f s)%s%n", verdict, seconds, rejectedNote()));
    return out.toString();
  }

  private String rejectedNote() {
    long rejected = tables.stream().mapToLong(TableVerdict::allRejected).sum();
    return rejected == 0
        ? ""
        : "; "
            + rejected
            + " source rows the job rejects (its dead letters) are not expected in the target";
  }

  private static void details(TableVerdict t, StringBuilder out) {
    if (t.problem() != null) {
      out.append(t.table()).append(": not compared: ").append(t.problem()).append('\n');
    }
    if (t.targetUnreadable() > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s: %d target row(s) ferry cannot read back (their keys show as missing below)%n",
              t.table(),
              t.targetUnreadable()));
    }
    if (t.rowsDiffering() > 0 && t.problem() == null) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s: %d missing in the target, %d extra, %d changed%s%n",
              t.table(),
              t.missing(),
              t.extra(),
              t.changed(),
              t.changedColumns().isEmpty() ? "" : " (" + columns(t.changedColumns()) + ")"));
    }
    for (RowDiff d : t.samples()) {
      out.append("  ").append(t.table()).append(": ").append(d.text()).append('\n');
    }
  }

  private static String columns(Map<String, Long> changed) {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(changed).forEach((c, n) -> parts.add(c + " ×" + n));
    return String.join(", ", parts);
  }

  public void writeJson(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("job", job);
    root.put("source", source);
    root.put("target", target);
    root.put("equal", equal());
    root.put("seconds", seconds);
    ArrayNode list = root.putArray("tables");
    for (TableVerdict t : tables) {
      ObjectNode n = list.addObject();
      n.put("table", t.table());
      n.put("verdict", t.verdict());
      n.put("source_rows", t.sourceRows());
      n.put("rejected", t.rejected());
      n.put("rejected_at_write", t.rejectedAtWrite());
      n.put("target_rows", t.targetRows());
      n.put("target_unreadable", t.targetUnreadable());
      n.put("chunks", t.chunks());
      n.put("chunks_differing", t.chunksDiffering());
      n.put("missing", t.missing());
      n.put("extra", t.extra());
      n.put("changed", t.changed());
      ObjectNode columns = n.putObject("changed_columns");
      new TreeMap<>(t.changedColumns()).forEach(columns::put);
      n.put("orphans", t.orphans());
      if (t.problem() != null) {
        n.put("problem", t.problem());
      }
      ArrayNode samples = n.putArray("samples");
      for (RowDiff d : t.samples()) {
        ObjectNode s = samples.addObject();
        s.put("kind", d.kind().label());
        s.put("key", d.key());
        ArrayNode cols = s.putArray("columns");
        d.columns().forEach(cols::add);
        s.put("detail", d.detail());
      }
    }
    mapper.writeValue(file.toFile(), root);
  }
}
