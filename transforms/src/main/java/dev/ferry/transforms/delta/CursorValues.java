package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.values.Row;

/**
 * An incremental table's cursor value as the text a Delta commit records and back, exactly: a
 * timestamp keeps its microseconds, so the next run reads from the very value the last one saw.
 */
public final class CursorValues {

  private CursorValues() {}

  /**
   * The text of the highest non-null value of {@code column} (stored as {@code lakeName}) in {@code
   * files}, read column by column from the files themselves: Delta's statistics round timestamps to
   * milliseconds, and a cursor must be exact.
   */
  static Optional<String> highest(List<DeltaFile> files, Column column, String lakeName) {
    Object highest = null;
    for (DeltaFile file : files) {
      try (PartFileReader reader = PartFileReader.open(file, List.of(column), List.of(lakeName))) {
        for (Row row = reader.next(); row != null; row = reader.next()) {
          Object value = row.getValue(0);
          if (value != null && compare(value, highest) > 0) {
            highest = value;
          }
        }
      } catch (IOException e) {
        throw DeltaErrors.cannotRead(file.location(), e);
      }
    }
    return Optional.ofNullable(highest).map(CursorValues::format);
  }

  /**
   * Orders two values of one cursor column, nulls first: a row with no cursor value is older than
   * any row with one.
   */
  public static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return comparable(a).compareTo(b);
  }

  @SuppressWarnings("unchecked") // every cursor kind (dates, times, numbers, text) is Comparable
  private static Comparable<Object> comparable(Object value) {
    return (Comparable<Object>) value;
  }

  /** The text of {@code value}, a row value of a cursor column. */
  public static String format(Object value) {
    return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
  }

  /**
   * The row value {@code text} stands for in a column of {@code type}.
   *
   * @throws IllegalArgumentException when the text does not fit the type
   */
  public static Object parse(String text, ColumnType type) {
    try {
      return switch (type.kind()) {
        case TIMESTAMP -> Instant.parse(text);
        case TIMESTAMP_LOCAL -> LocalDateTime.parse(text);
        case DATE -> LocalDate.parse(text);
        case INT16 -> Short.valueOf(text);
        case INT32 -> Integer.valueOf(text);
        case INT64 -> Long.valueOf(text);
        case DECIMAL -> new BigDecimal(text);
        case STRING -> text;
        default -> throw new IllegalArgumentException("it is not a date, time, number or text");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the recorded cursor value '" + text + "' is not a " + type + ": " + e.getMessage(), e);
    }
  }
}
