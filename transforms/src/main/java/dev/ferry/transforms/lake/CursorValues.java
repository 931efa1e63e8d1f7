package dev.ferry.transforms.lake;

import dev.ferry.schemas.types.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * An incremental table's cursor value as the text a Delta commit records and back, exactly: a
 * timestamp keeps its microseconds, so the next run reads from the very value the last one saw.
 */
public final class CursorValues {

  private CursorValues() {}

  /** The text of {@code value}, a row value of a column of {@code type}. */
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
