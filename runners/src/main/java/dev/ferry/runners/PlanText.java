package dev.ferry.runners;

import dev.ferry.pipelines.dump.DumpPlan;
import dev.ferry.pipelines.job.RuleSpec;
import dev.ferry.pipelines.job.TargetSpec;
import dev.ferry.pipelines.migrate.MigratePlan;
import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.DdlPlan;
import dev.ferry.schemas.postgres.PostgresTypes;
import dev.ferry.transforms.dump.DumpCompression;
import dev.ferry.transforms.dump.DumpDirectory;
import dev.ferry.transforms.dump.DumpManifest;
import dev.ferry.transforms.dump.DumpPaths;
import dev.ferry.transforms.postgres.TableTarget;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link JobPlan} for {@code ferry plan}: what would be read, how typed, where written.
 */
final class PlanText {

  private PlanText() {}

  static String text(JobPlan plan) {
    return switch (plan.job().target().kind()) {
      case POSTGRES -> postgres(MigratePlan.of(plan));
      case DUMP -> dump(DumpPlan.of(plan));
      case LAKEHOUSE -> LakePlanText.text(plan);
    };
  }

  /** A PostgreSQL target: per table the mapped types, then the DDL that run executes. */
  static String postgres(MigratePlan plan) {
    JobPlan job = plan.job();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "job %s: %s %s → postgres %s schema %s, mode %s%n",
            job.job().name(),
            job.dump() == null
                ? job.inventory().dialect()
                : "dump (of " + job.inventory().dialect() + ")",
            job.inventory().source(),
            plan.target().location(),
            plan.schema(),
            plan.mode().name().toLowerCase(Locale.ROOT)));
    if (job.dump() != null) {
      out.append(dumpFound(job.dump()));
    }
    out.append("dead letters → table ").append(plan.deadLetterTable()).append('\n');
    if (plan.waves().size() > 1) {
      out.append("load order (foreign keys exist in the target):\n");
      for (int i = 0; i < plan.waves().size(); i++) {
        out.append(String.format(Locale.ROOT, "  wave %d: %s%n", i + 1, plan.waves().get(i)));
      }
    }
    for (CollectionPlan c : job.collections()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%ncollection %s: %s → %s%n  reads: %s%s%n",
              c.collection(),
              c.samplingText(),
              String.join(", ", c.flatten().tables().stream().map(Table::name).toList()),
              c.split().describe(),
              c.filter().isEmpty() ? "" : "; filter " + c.filter()));
      c.flatten().notes().forEach(n -> out.append("  note: ").append(n).append('\n'));
    }
    for (Table t : job.selected()) {
      TableTarget target = plan.targets().get(t.name());
      out.append(
          String.format(
              Locale.ROOT,
              "%ntable %s (%d rows) → %s%s%n  reads: %s%n",
              t.name(),
              t.rowEstimate(),
              target.displayName(),
              target.keyColumns().isEmpty()
                  ? "  (no key: copied straight in)"
                  : "  ("
                      + (target.mode() == TableTarget.Mode.UPSERT ? "upsert" : "merged")
                      + " on "
                      + String.join(", ", target.keyColumns())
                      + ")",
              reads(job, t)));
      appendPostgresColumns(out, t, target.columns().stream().map(Column::name).toList());
      appendRules(out, job, t.name());
    }
    out.append("\n-- DDL (")
        .append(
            plan.mode() == TargetSpec.Mode.CREATE
                ? "create: types, tables and primary keys before the load, the rest after"
                : "mode "
                    + plan.mode().name().toLowerCase(Locale.ROOT)
                    + ": tables must exist (append and upsert create them when none does);"
                    + " shown for reference")
        .append(")\n");
    DdlPlan ddl = plan.ddl().plan();
    if (plan.mode() == TargetSpec.Mode.CREATE) {
      // create adds primary keys with the tables, so writes can merge on them.
      List<String> tables = new java.util.ArrayList<>(ddl.createTables());
      tables.addAll(ddl.primaryKeys());
      ddl =
          new DdlPlan(
              ddl.createTypes(),
              tables,
              List.of(),
              ddl.uniqueAndIndexes(),
              ddl.foreignKeys(),
              ddl.checks(),
              ddl.sequences(),
              ddl.notes());
    }
    out.append(ddl.script());
    if (plan.mode() == TargetSpec.Mode.REPLACE) {
      out.append("-- replace: before the load\n").append(plan.ddl().truncateAll()).append(";\n");
    }
    appendNotCopied(out, job);
    return out.toString();
  }

  /** The dump a {@code dump} source found: for {@code …/latest}, the one a run would restore. */
  private static String dumpFound(DumpDirectory dump) {
    DumpManifest m = dump.manifest();
    return String.format(
        Locale.ROOT,
        "dump found: %s (run %s, finished %s, %d rows)%n",
        dump.dir(),
        m.runId(),
        m.finished(),
        m.tables().stream().mapToLong(DumpManifest.ManifestTable::rows).sum());
  }

  /**
   * A dump target: the directory the next run would take (found by listing the root, which plan
   * leaves as it is), the files it writes, per table the PostgreSQL columns, and {@code
   * schema.sql}.
   */
  static String dump(DumpPlan plan) {
    JobPlan job = plan.job();
    String directory = plan.nextDirectory(LocalDate.now(ZoneOffset.UTC)) + "/";
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "job %s: %s %s → dump %s%n",
            job.job().name(),
            job.inventory().dialect(),
            job.inventory().source(),
            plan.root()));
    out.append("next directory: ")
        .append(directory)
        .append("\n  at ")
        .append(DumpPaths.resolve(plan.root(), directory))
        .append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "compression %s, at most %d rows per shard, NUL bytes in text: %s%n",
            plan.compression() == DumpCompression.NONE
                ? "none"
                : "gzip (level " + plan.compressionLevel() + ")",
            plan.shardRows(),
            plan.nulBytes().name().toLowerCase(Locale.ROOT)));
    out.append(dumpLayout(plan.compression()));
    for (Table t : job.selected()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%ntable %s (%d rows) → %s in %s/%n  reads: %s%n",
              t.name(),
              t.rowEstimate(),
              plan.ddl().table(t.name()),
              DumpPaths.tableDirectory(t.name()),
              reads(job, t)));
      appendPostgresColumns(out, t, plan.ddl().columns(t.name()));
      appendRules(out, job, t.name());
    }
    out.append("\n-- ")
        .append(DumpPaths.SCHEMA)
        .append(" (restore.sql runs it in phases: tables before the data, keys after)\n")
        .append(plan.ddl().plan().script());
    appendNotCopied(out, job);
    return out.toString();
  }

  /** The files of a dump directory, in the order they are written. */
  private static String dumpLayout(DumpCompression compression) {
    String format = "  %-36s %s%n";
    return "files (in this order; "
        + DumpPaths.MANIFEST
        + " last, so a directory without it did not finish):\n"
        + String.format(
            Locale.ROOT, format, DumpPaths.SCHEMA, "the PostgreSQL DDL below; claims the directory")
        + String.format(
            Locale.ROOT,
            format,
            DumpPaths.DATA + "/<table>/<range>-NNN" + compression.shardSuffix(),
            "rows as PostgreSQL COPY text, per key range and shard")
        + String.format(
            Locale.ROOT,
            format,
            DumpPaths.REJECTED + "/<id>" + compression.linesSuffix(),
            "rejected rows with their reasons, as JSON lines")
        + String.format(
            Locale.ROOT,
            format,
            DumpPaths.RESTORE,
            "psql -f restore.sql: checks the sums, creates, copies, counts")
        + String.format(
            Locale.ROOT, format, DumpPaths.CHECKSUMS, "SHA-256 of every file (sha256sum -c)")
        + String.format(
            Locale.ROOT, format, DumpPaths.MANIFEST, "tables, rows, every file's size and SHA-256");
  }

  /** How a table of a SQL source (or of documents flattened) is read. */
  private static String reads(JobPlan plan, Table t) {
    return plan.collections().stream()
        .filter(c -> c.flatten().table(t.name()).isPresent())
        .findFirst()
        .map(c -> "flattened from collection " + c.collection())
        .orElse(t.splitKey().map(k -> "parallel key ranges on " + k).orElse("one reader"));
  }

  /**
   * One line per column: source type, logical type, PostgreSQL type, and the target name where it
   * differs; {@code targetNames} in the table's column order.
   */
  private static void appendPostgresColumns(StringBuilder out, Table t, List<String> targetNames) {
    int width = t.columns().stream().mapToInt(c -> c.name().length()).max().orElse(4);
    for (int i = 0; i < t.columns().size(); i++) {
      Column c = t.columns().get(i);
      String targetName = targetNames.get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s  %-20s → %-16s postgres %s%s%n",
              c.name(),
              c.sourceType().isEmpty() ? "-" : c.sourceType(),
              c.type(),
              c.pgType() != null ? c.pgType() : PostgresTypes.map(c.type()),
              targetName.equals(c.name()) ? "" : "  (as " + targetName + ")"));
    }
  }

  static void appendRules(StringBuilder out, JobPlan plan, String table) {
    for (RuleSpec r : plan.rulesFor(table)) {
      out.append("  rule ").append(r.column()).append(": ").append(describe(r)).append('\n');
    }
  }

  static void appendNotCopied(StringBuilder out, JobPlan plan) {
    List<SourceObject> skipped = plan.inventory().notCopied();
    if (!skipped.isEmpty()) {
      out.append("\nnot copied (listed only):\n");
      for (SourceObject o : skipped) {
        out.append("  ").append(o.kind()).append(' ').append(o.name()).append('\n');
      }
    }
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
    if (r.checkDigits() != null) {
      s.append("check_digits=").append(r.checkDigits()).append(' ');
    }
    if (r.ascending()) {
      s.append("ascending ");
    }
    if (r.when() != null) {
      s.append("when=").append(r.when()).append(' ');
    }
    return s.toString().strip();
  }
}
