package dev.ferry.pipelines.job;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The job-file checks of a lakehouse's layers: incremental cursors, backfills, file size and gold
 * tables. Each failure is one line naming the key.
 */
final class LakeChecks {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final long MIN_FILE_BYTES = 1L << 10;

  private LakeChecks() {}

  static void checkJob(Job job, String at) {
    TargetSpec target = job.target();
    if (target.kind() != TargetSpec.TargetKind.LAKEHOUSE) {
      refuseOnOtherTargets(job, at);
      return;
    }
    boolean documents = job.source().kind() == SourceSpec.SourceKind.MONGODB;
    if (documents && (!target.cursor().isEmpty() || target.backfill() != null)) {
      throw new JobException(
          at
              + "target."
              + (target.cursor().isEmpty() ? "backfill" : "cursor")
              + ": a mongodb source is read whole on every run in this version of ferry; remove"
              + " it");
    }
    target
        .cursor()
        .forEach(
            (table, column) -> {
              if (column == null || column.isBlank()) {
                throw new JobException(
                    at + "target.cursor." + table + ": name the column, e.g. updated_at");
              }
            });
    if (target.fileSize() != null) {
      checkFileSize(target.fileSize(), at + "target.file_size");
    }
    if (target.backfill() != null) {
      checkBackfill(target.backfill(), at + "target.backfill");
      if (target.partitionBy().isEmpty()) {
        throw new JobException(
            at
                + "target.backfill: a backfill rewrites the days of date-partitioned tables, and"
                + " no table has a target.partition_by column");
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < job.gold().size(); i++) {
      checkGold(job.gold().get(i), at + "gold[" + i + "]", names);
    }
  }

  /** The range of a backfill, from the job or from {@code --from/--to}. */
  static void checkBackfill(BackfillSpec backfill, String key) {
    LocalDate from = date(backfill.from(), key + ".from");
    LocalDate to = date(backfill.to(), key + ".to");
    if (to.isBefore(from)) {
      throw new JobException(key + ": 'to' (" + to + ") is before 'from' (" + from + ")");
    }
  }

  private static void checkFileSize(String size, String key) {
    long bytes;
    try {
      bytes = ByteSize.parse(size);
    } catch (IllegalArgumentException e) {
      throw new JobException(key + ": " + e.getMessage());
    }
    if (bytes < MIN_FILE_BYTES) {
      throw new JobException(key + ": '" + size + "' is too small; give at least 1KB");
    }
  }

  private static void checkGold(GoldSpec gold, String key, Set<String> names) {
    if (!NAME.matcher(gold.name()).matches()) {
      throw new JobException(
          key + ".name: '" + gold.name() + "' must be letters, digits and '_' (it names a table)");
    }
    if (!names.add(gold.name().toLowerCase(Locale.ROOT))) {
      throw new JobException(key + ".name: '" + gold.name() + "' names two gold tables");
    }
    if (gold.sql().isBlank()) {
      throw new JobException(key + ".sql: give one SELECT over silver tables");
    }
    gold.columns()
        .forEach(
            (column, type) -> {
              if (type == null || (type.contains("(") && !type.contains(")"))) {
                throw new JobException(
                    key
                        + ".columns."
                        + column
                        + ": give a whole type; quote types with a comma, e.g. {revenue:"
                        + " \"decimal(18,2)\"}");
              }
              JobChecks.parseType(type, key + ".columns." + column);
            });
    if (gold.partitionBy() != null && !NAME.matcher(gold.partitionBy()).matches()) {
      throw new JobException(
          key
              + ".partition_by: '"
              + gold.partitionBy()
              + "' must name a DATE column of the result");
    }
  }

  private static void refuseOnOtherTargets(Job job, String at) {
    TargetSpec target = job.target();
    String key =
        !target.cursor().isEmpty()
            ? "target.cursor"
            : target.fileSize() != null
                ? "target.file_size"
                : target.backfill() != null
                    ? "target.backfill"
                    : !job.gold().isEmpty() ? "gold" : null;
    if (key != null) {
      throw new JobException(
          at
              + key
              + ": only a lakehouse target takes it (this one is "
              + target.kind().name().toLowerCase(Locale.ROOT)
              + ")");
    }
  }

  private static LocalDate date(String text, String key) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new JobException(key + ": '" + text + "' is not a date like 2026-11-01");
    }
  }
}
