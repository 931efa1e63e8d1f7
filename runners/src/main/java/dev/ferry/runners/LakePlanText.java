package dev.ferry.runners;

import dev.ferry.pipelines.job.GoldSpec;
import dev.ferry.pipelines.job.RuleSpec;
import dev.ferry.pipelines.lakehouse.GoldTables;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a lakehouse {@link JobPlan} for {@code ferry plan}: per table its bronze path,
 * partitions, read, silver and typed columns, then the gold tables' result columns.
 */
final class LakePlanText {

  private LakePlanText() {}

  /** How a lakehouse table's rows are read into bronze. */
  private static String reads(JobPlan plan, BronzeTable t) {
    if (!plan.collections().isEmpty()) {
      return "flattened from its collection's documents, each written whole with its other tables";
    }
    String cursor = plan.job().target().cursor().get(t.source().name());
    return t.source().splitKey().map(k -> "parallel key ranges on " + k).orElse("one reader")
        + "; each range read and written in one pass"
        + (cursor == null
            ? ""
            : "; incremental: only rows with "
                + cursor
                + " at or past the last value bronze holds");
  }

  /** How a relational lakehouse table's silver table is built from bronze. */
  private static String silver(JobPlan plan, BronzeTable t) {
    String cursor = plan.job().target().cursor().get(t.source().name());
    List<String> key = t.source().primaryKey();
    return (key.isEmpty()
            ? "no primary key: exact repeats of a row collapse"
            : "the latest row per " + String.join(", ", key))
        + (cursor == null ? " (latest ingest)" : " (highest " + cursor + ")")
        + (t.partitionColumn().isPresent()
            ? "; rebuilds the partitions bronze changed"
            : "; rebuilds the whole table")
        + (plan.rulesFor(t.source().name()).stream().anyMatch(RuleSpec::unique)
            ? "; step by step, as its unique rule groups the table"
            : "");
  }

  /** The gold tables: where each goes, what it reads, its columns. */
  private static void appendGold(StringBuilder out, JobPlan plan) {
    Map<String, List<Column>> columns = GoldTables.columns(plan);
    for (GoldSpec gold : plan.job().gold()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%ngold %s → %s/gold/%s%n  partitions: %s%n",
              gold.name(),
              plan.job().target().path(),
              gold.name(),
              gold.partitionBy() == null
                  ? "none; rebuilt whole on every run"
                  : "year/month/day by "
                      + gold.partitionBy()
                      + "; rebuilt whole, or a backfill's days"));
      List<Column> result = columns.get(gold.name());
      int width = result.stream().mapToInt(c -> c.name().length()).max().orElse(4);
      for (Column c : result) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-" + width + "s  %-16s delta %s%n",
                c.name(),
                c.type(),
                DeltaSchemas.typeName(DeltaSchemas.dataType(c.type()))));
      }
    }
  }

  static String text(JobPlan plan) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "job %s: %s %s → lakehouse %s (%s)%n",
            plan.job().name(),
            plan.inventory().dialect(),
            plan.inventory().source(),
            plan.job().target().path(),
            plan.collections().isEmpty()
                ? "bronze → silver" + (plan.job().gold().isEmpty() ? "" : " → gold")
                : "raw documents in bronze, flattened tables in silver"
                    + (plan.job().gold().isEmpty() ? "" : ", gold")));
    for (CollectionPlan c : plan.collections()) {
      out.append(
          String.format(
              Locale.ROOT,
              "collection %s: %s → %s (every document, raw); reads: %s%s%n",
              c.collection(),
              c.samplingText(),
              BronzeTable.ofDocuments(c.collection(), plan.job().target().path()).path(),
              c.split().describe(),
              c.filter().isEmpty() ? "" : "; filter " + c.filter()));
      c.flatten().notes().forEach(n -> out.append("  note: ").append(n).append('\n'));
    }
    out.append("dead letters → ")
        .append(plan.deadLetterPath())
        .append(" (Delta, partitioned by table)\n");
    for (BronzeTable t : plan.tables()) {
      List<Column> data = t.dataColumns();
      List<String> lakeNames = LakeNames.of(data.stream().map(Column::name).toList());
      out.append(
          String.format(
              Locale.ROOT,
              "%ntable %s (%d rows) → %s%n  partitions: %s by %s%n  reads: %s%n%s",
              t.source().name(),
              t.source().rowEstimate(),
              t.path(),
              String.join("/", t.partitionNames()),
              t.partitionColumn().map(c -> "the UTC date of " + c).orElse("the ingest date"),
              reads(plan, t),
              plan.collections().isEmpty()
                  ? "  silver: "
                      + t.path().replaceFirst("/bronze/([^/]*)$", "/silver/$1")
                      + ", "
                      + silver(plan, t)
                      + "\n"
                  : ""));
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
      PlanText.appendRules(out, plan, t.source().name());
    }
    appendGold(out, plan);
    PlanText.appendNotCopied(out, plan);
    return out.toString();
  }
}
