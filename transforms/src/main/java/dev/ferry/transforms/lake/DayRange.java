package dev.ferry.transforms.lake;

import dev.ferry.transforms.delta.PartitionSet;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The days a backfill rewrites, both ends inclusive: the source rows whose partition date falls in
 * them, and the year/month/day partitions that hold those rows in every layer.
 */
public record DayRange(LocalDate from, LocalDate to) implements Serializable {

  public DayRange {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "the range ends (" + to + ") before it starts (" + from + ")");
    }
  }

  public boolean contains(LocalDate day) {
    return !day.isBefore(from) && !day.isAfter(to);
  }

  /** The day after the range: the exclusive upper bound of its source rows. */
  public LocalDate end() {
    return to.plusDays(1);
  }

  /**
   * The partitions of these days in a table partitioned by {@code ymd} (its year, month and day
   * column names); the null partition is never among them.
   */
  public PartitionSet partitions(List<String> ymd) {
    String year = ymd.get(0);
    String month = ymd.get(1);
    String day = ymd.get(2);
    LocalDate first = from;
    LocalDate last = to;
    return PartitionSet.where(
        "days " + this,
        (Map<String, String> values) -> {
          LocalDate date = dateOf(values.get(year), values.get(month), values.get(day));
          return date != null && !date.isBefore(first) && !date.isAfter(last);
        });
  }

  @Override
  public String toString() {
    return from.equals(to) ? from.toString() : from + " to " + to;
  }

  private static LocalDate dateOf(String year, String month, String day) {
    if (year == null || month == null || day == null) {
      return null;
    }
    try {
      return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }
}
