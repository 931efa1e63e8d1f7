package dev.ferry.transforms.validate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * Orders two values of one column the way SQL's {@code ORDER BY ... ASC} does: numbers by value
 * (floating point with {@link Double#compare}, so NaN sorts above every number as in PostgreSQL),
 * text by Java's {@link String#compareTo} (UTF-16 code units, not a locale collation), bytes
 * unsigned, times chronologically, and NULL last.
 */
final class ValueOrder {

  private ValueOrder() {}

  static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return x.compareTo(y);
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    if (a instanceof LocalDate x && b instanceof LocalDate y) {
      return x.compareTo(y);
    }
    if (a instanceof LocalTime x && b instanceof LocalTime y) {
      return x.compareTo(y);
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
      return x.compareTo(y);
    }
    throw new IllegalArgumentException(
        "cannot order "
            + a.getClass().getSimpleName()
            + " against "
            + b.getClass().getSimpleName());
  }

  private static int compareNumbers(Number x, Number y) {
    if (x instanceof Double || x instanceof Float || y instanceof Double || y instanceof Float) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return decimal(x).compareTo(decimal(y));
  }

  private static BigDecimal decimal(Number n) {
    return n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue());
  }
}
