package dev.ferry.pipelines.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.transforms.metrics.TableMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The end of every run: per table read, written, rejected, bytes, seconds, rows/s, as a table a
 * person reads and as JSON for {@code --report}. It holds counts only, never a secret. A MongoDB
 * job has a {@code <collection> (documents)} line per collection; its totals count documents.
 *
 * @param schemaFailures statements the target refused after the load (a foreign key the data
 *     breaks, an index on duplicates), each with PostgreSQL's reason; the rows are loaded
 */
public record RunSummary(
    String job,
    String runId,
    String runner,
    String target,
    String deadLetters,
    double seconds,
    long maxRejected,
    List<TableCounts> tables,
    List<String> schemaFailures) {

  public RunSummary {
    tables = List.copyOf(tables);
    schemaFailures = schemaFailures == null ? List.of() : List.copyOf(schemaFailures);
  }

  /** A summary of a run with no schema steps after the load. */
  public RunSummary(
      String job,
      String runId,
      String runner,
      String target,
      String deadLetters,
      double seconds,
      long maxRejected,
      List<TableCounts> tables) {
    this(job, runId, runner, target, deadLetters, seconds, maxRejected, tables, List.of());
  }

  public long totalZeroDates() {
    return tables.stream().mapToLong(TableCounts::zeroDates).sum();
  }

  public long totalRead() {
    return counted().mapToLong(TableCounts::read).sum();
  }

  public long totalWritten() {
    return counted().mapToLong(TableCounts::written).sum();
  }

  /**
   * What went to the dead letters: rows (of every layer a lakehouse run built), or for a MongoDB
   * job whole documents.
   */
  public long totalRejected() {
    return countsDocuments()
        ? counted().mapToLong(TableCounts::rejected).sum()
        : tables.stream().mapToLong(TableCounts::rejected).sum();
  }

  /** What the source's own lines rejected: the total line's share of {@link #totalRejected}. */
  private long sourceRejected() {
    return counted().mapToLong(TableCounts::rejected).sum();
  }

  /** Whether the run built silver or gold tables: the summary then shows superseded rows. */
  public boolean buildsLayers() {
    return derived().findAny().isPresent();
  }

  private Stream<TableCounts> derived() {
    return tables.stream().filter(t -> TableMetrics.isDerivedLayer(t.table()));
  }

  /** Whether the job counts documents (a MongoDB source) rather than rows. */
  public boolean countsDocuments() {
    return tables.stream().anyMatch(t -> TableMetrics.isDocuments(t.table()));
  }

  /**
   * The lines the totals add up: every source table's (not the silver and gold tables built from
   * them), or for a MongoDB job its collections' documents lines only, since each document is also
   * counted as rows of its tables.
   */
  private Stream<TableCounts> counted() {
    if (countsDocuments()) {
      return tables.stream().filter(t -> TableMetrics.isDocuments(t.table()));
    }
    // A run that rebuilt only silver or gold (--layers) totals those lines.
    boolean fromSource = tables.stream().anyMatch(t -> !TableMetrics.isDerivedLayer(t.table()));
    return tables.stream().filter(t -> fromSource != TableMetrics.isDerivedLayer(t.table()));
  }

  public boolean reconciles() {
    return tables.stream().allMatch(TableCounts::reconciles);
  }

  public boolean overRejectLimit() {
    return totalRejected() > maxRejected;
  }

  /** The summary as a fixed-width table. */
  public String text() {
    int width =
        Math.max(
            countsDocuments() ? 18 : 5,
            tables.stream().mapToInt(t -> t.table().length() + 1).max().orElse(5));
    boolean layers = buildsLayers();
    String row = "%-" + width + "s %10s %10s %10s" + (layers ? " %10s" : "%s") + " %10s %8s %10s%n";
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT, "ferry run %s (run %s, %s runner) → %s%n%n", job, runId, runner, target));
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "table",
            "read",
            "written",
            "rejected",
            layers ? "superseded" : "",
            "bytes",
            "seconds",
            "rows/s"));
    for (TableCounts t : tables) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              t.alreadyCommitted() ? t.table() + "*" : t.table(),
              t.read(),
              t.written(),
              t.rejected(),
              layers ? Long.toString(t.superseded()) : "",
              Bytes.human(t.bytes()),
              String.format(Locale.ROOT, "%.1f", t.seconds()),
              String.format(Locale.ROOT, "%.0f", t.rowsPerSecond())));
    }
    long bytes =
        countsDocuments()
            ? tables.stream().mapToLong(TableCounts::bytes).sum()
            : counted().mapToLong(TableCounts::bytes).sum();
    out.append(
        String.format(
            Locale.ROOT,
            row,
            countsDocuments() ? "total (documents)" : "total",
            totalRead(),
            totalWritten(),
            sourceRejected(),
            "",
            Bytes.human(bytes),
            String.format(Locale.ROOT, "%.1f", seconds),
            String.format(
                Locale.ROOT, "%.0f", seconds <= 0 ? totalRead() : totalRead() / seconds)));
    out.append('\n');
    if (tables.stream().anyMatch(TableCounts::alreadyCommitted)) {
      out.append(
          "* already committed by run "
              + runId
              + " before: left as it was, nothing written again\n");
    }
    if (totalRejected() > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "%d rejected %s are in %s (columns table, stage, reason, values)%s%n",
              totalRejected(),
              countsDocuments() ? "documents" : "rows",
              deadLetters,
              overRejectLimit() ? "; that is more than max_rejected: " + maxRejected : ""));
    }
    for (TableCounts t : tables) {
      if (t.zeroDates() > 0) {
        out.append(
            String.format(
                Locale.ROOT,
                "%s: %d zero dates (0000-00-00) written as NULL%n",
                t.table(),
                t.zeroDates()));
      }
    }
    if (!schemaFailures.isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%d schema statements failed after the load (rows are loaded):%n",
              schemaFailures.size()));
      schemaFailures.forEach(f -> out.append("  ").append(f).append('\n'));
    }
    for (TableCounts t : tables) {
      if (!t.reconciles()) {
        out.append(
            String.format(
                Locale.ROOT,
                "COUNT MISMATCH in %s: read %d != written %d + rejected %d%s%n",
                t.table(),
                t.read(),
                t.written(),
                t.rejected(),
                t.superseded() > 0 ? " + superseded " + t.superseded() : ""));
      }
    }
    return out.toString();
  }

  /** Writes the summary as JSON to {@code file}. */
  public void writeJson(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("job", job);
    root.put("run_id", runId);
    root.put("runner", runner);
    root.put("target", target);
    root.put("dead_letters", deadLetters);
    root.put("seconds", seconds);
    root.put("max_rejected", maxRejected);
    root.put("reconciled", reconciles());
    ArrayNode list = root.putArray("tables");
    for (TableCounts t : tables) {
      ObjectNode n = list.addObject();
      n.put("table", t.table());
      n.put("read", t.read());
      n.put("written", t.written());
      n.put("rejected", t.rejected());
      n.put("bytes", t.bytes());
      n.put("seconds", t.seconds());
      n.put("rows_per_second", t.rowsPerSecond());
      n.put("reconciled", t.reconciles());
      n.put("already_committed", t.alreadyCommitted());
      n.put("zero_dates", t.zeroDates());
      n.put("superseded", t.superseded());
    }
    ObjectNode totals = root.putObject("totals");
    totals.put("unit", countsDocuments() ? "documents" : "rows");
    totals.put("read", totalRead());
    totals.put("written", totalWritten());
    totals.put("rejected", sourceRejected());
    totals.put("dead_letters", totalRejected());
    totals.put("zero_dates", totalZeroDates());
    ArrayNode failures = root.putArray("schema_failures");
    schemaFailures.forEach(failures::add);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    mapper.writeValue(file.toFile(), root);
  }
}
