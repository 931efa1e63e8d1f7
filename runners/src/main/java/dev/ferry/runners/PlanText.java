package dev.ferry.runners;

import dev.ferry.pipelines.job.RuleSpec;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.SourceObject;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link JobPlan} for {@code ferry plan}: what would be read, how typed, where written.
 */
final class PlanText {

  private PlanText() {}

  static String text(JobPlan plan) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "job %s: %s %s → lakehouse %s (bronze layer)%n",
            plan.job().name(),
            plan.inventory().dialect(),
            plan.inventory().source(),
            plan.job().target().path()));
    out.append("dead letters → ")
        .append(plan.deadLetterPath())
        .append(" (Delta, partitioned by table)\n");
    for (BronzeTable t : plan.tables()) {
      List<Column> data = t.dataColumns();
      List<String> lakeNames = LakeNames.of(data.stream().map(Column::name).toList());
      out.append(
          String.format(
              Locale.ROOT,
              "%ntable %s (%d rows) → %s%n  partitions: %s by %s%n  reads: %s%n",
              t.source().name(),
              t.source().rowEstimate(),
              t.path(),
              String.join("/", t.partitionNames()),
              t.partitionColumn().map(c -> "the UTC date of " + c).orElse("the ingest date"),
              t.source().splitKey().map(k -> "parallel key ranges on " + k).orElse("one reader")
                  + (plan.rulesFor(t.source().name()).stream().anyMatch(RuleSpec::unique)
                      ? "; step by step, as its unique rule groups the table by key"
                      : "; each range read, checked and written in one pass")));
      int width = data.stream().mapToInt(c -> c.name().length()).max().orElse(4);
      for (int i = 0; i < data.size(); i++) {
        Column c = data.get(i);
        String rename = lakeNames.get(i).equals(c.name()) ? "" : "  (as " + lakeNames.get(i) + ")";
        out.append(
            String.format(
                Locale.ROOT,
                "  %-" + width + "s  %-16s → %-16s delta %s%s%n",
                c.name(),
                c.sourceType().isEmpty() ? "-" : c.sourceType(),
                c.type(),
                DeltaSchemas.typeName(DeltaSchemas.dataType(c.type())),
                rename));
      }
      for (RuleSpec r : plan.rulesFor(t.source().name())) {
        out.append("  rule ").append(r.column()).append(": ").append(describe(r)).append('\n');
      }
    }
    List<SourceObject> skipped = plan.inventory().notCopied();
    if (!skipped.isEmpty()) {
      out.append("\nnot copied (listed only):\n");
      for (SourceObject o : skipped) {
        out.append("  ").append(o.kind()).append(' ').append(o.name()).append('\n');
      }
    }
    return out.toString();
  }

  private static String describe(RuleSpec r) {
    StringBuilder s = new StringBuilder();
    if (r.notNull()) {
      s.append("not_null ");
    }
    if (r.type() != null) {
      s.append("type=").append(r.type()).append(' ');
    }
    if (r.range() != null) {
      s.append("range=[")
          .append(r.range().min() == null ? "" : r.range().min())
          .append(", ")
          .append(r.range().max() == null ? "" : r.range().max())
          .append("] ");
    }
    if (r.regex() != null) {
      s.append("regex=").append(r.regex()).append(' ');
    }
    if (r.in() != null) {
      s.append("in=").append(r.in()).append(' ');
    }
    if (r.unique()) {
      s.append("unique ");
    }
    return s.toString().strip();
  }
}
