package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * The job's {@code target.backfill:} (or {@code ferry run --from --to}): the days whose partitions
 * a lakehouse run rewrites, both inclusive, in ISO form ({@code 2026-11-01}).
 */
public record BackfillSpec(
    @JsonProperty(required = true) String from, @JsonProperty(required = true) String to) {

  /**
   * The range {@code ferry run --from --to} gives, checked.
   *
   * @throws JobException naming the option that is not a date, or a range that ends before it
   *     starts
   */
  public static BackfillSpec of(String from, String to) {
    if (from == null || to == null) {
      throw new JobException(
          "--from/--to: give both days of the backfill, e.g. --from 2026-11-01 --to 2026-11-30");
    }
    BackfillSpec range = new BackfillSpec(from, to);
    LakeChecks.checkBackfill(range, "--from/--to");
    return range;
  }

  public LocalDate fromDate() {
    return LocalDate.parse(from);
  }

  public LocalDate toDate() {
    return LocalDate.parse(to);
  }
}
