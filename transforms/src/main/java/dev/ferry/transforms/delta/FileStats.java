package dev.ferry.transforms.delta;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.convert.AvroValues;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * The Delta statistics of one data file: record count, and per top-level column null count and
 * min/max, which readers use to skip files. Bounds are kept only where they are cheap and safe: not
 * for booleans, bytes or JSON; not for a float column holding NaN or infinity; timestamps are
 * widened to milliseconds (Delta's stats precision); a long text's min is cut to a 32-character
 * prefix and its max left out, as a cut max would no longer be an upper bound.
 */
final class FileStats {

  private static final int STRING_PREFIX = 32;

  /**
   * Writes and reads statistics: decimals as plain text, and read back exactly (as BigDecimal,
   * trailing zeros kept), so a bound read from a file's statistics is the value written.
   */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private final List<Column> columns;
  private final List<String> names;
  private final long[] nulls;
  private final Object[] min;
  private final Object[] max;
  private final boolean[] unbounded;

  FileStats(List<Column> columns, List<String> lakeNames) {
    this.columns = columns;
    this.names = lakeNames;
    int n = columns.size();
    nulls = new long[n];
    min = new Object[n];
    max = new Object[n];
    unbounded = new boolean[n];
    for (int i = 0; i < n; i++) {
      unbounded[i] = !bounded(columns.get(i).type());
    }
  }

  void add(Row row) {
    for (int i = 0; i < columns.size(); i++) {
      Object v = row.getValue(i);
      if (v == null) {
        nulls[i]++;
      } else if (!unbounded[i]) {
        track(i, comparable(v, columns.get(i).type()));
      }
    }
  }

  String json(long numRecords) {
    ObjectNode root = JSON.createObjectNode();
    root.put("numRecords", numRecords);
    ObjectNode mins = root.putObject("minValues");
    ObjectNode maxs = root.putObject("maxValues");
    ObjectNode nullCount = root.putObject("nullCount");
    for (int i = 0; i < columns.size(); i++) {
      nullCount.put(names.get(i), nulls[i]);
      if (!unbounded[i] && min[i] != null) {
        putBound(mins, names.get(i), min[i], false);
        putBound(maxs, names.get(i), max[i], true);
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stats of plain values always serialize", e);
    }
  }

  static boolean bounded(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN, BYTES, JSON -> false;
      default -> true;
    };
  }

  private static Object comparable(Object v, ColumnType type) {
    return switch (type.kind()) {
      case INT16, INT32, INT64 -> ((Number) v).longValue();
      case FLOAT32 -> ((Float) v).doubleValue();
      case STRING, UUID -> new CodePoints((String) v);
      case TIME -> AvroValues.timeText((LocalTime) v);
      case TIMESTAMP_LOCAL -> ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
      default -> v;
    };
  }

  private void track(int i, Object value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      unbounded[i] = true;
      return;
    }
    if (min[i] == null || compare(value, min[i]) < 0) {
      min[i] = value;
    }
    if (max[i] == null || compare(value, max[i]) > 0) {
      max[i] = value;
    }
  }

  /** Orders two bounds of one column, as {@link #parseBound} or a row's value gives them. */
  static int compare(Object a, Object b) {
    if (a instanceof Long x) {
      return x.compareTo((Long) b);
    } else if (a instanceof Double x) {
      return x.compareTo((Double) b);
    } else if (a instanceof BigDecimal x) {
      return x.compareTo((BigDecimal) b);
    } else if (a instanceof Instant x) {
      return x.compareTo((Instant) b);
    } else if (a instanceof LocalDate x) {
      return x.compareTo((LocalDate) b);
    } else if (a instanceof CodePoints x) {
      return x.compareTo((CodePoints) b);
    }
    return ((String) a).compareTo((String) b);
  }

  /**
   * Writes a lower or upper bound of column {@code name}: the one place that decides how each kind
   * of bound is written, and cut.
   */
  static void putBound(ObjectNode node, String name, Object v, boolean upper) {
    if (v instanceof Long x) {
      node.put(name, x);
    } else if (v instanceof Double x) {
      node.put(name, x);
    } else if (v instanceof BigDecimal x) {
      node.put(name, x);
    } else if (v instanceof Instant t) {
      Instant millis = t.truncatedTo(ChronoUnit.MILLIS);
      node.put(name, MILLIS.format(upper && millis.isBefore(t) ? millis.plusMillis(1) : millis));
    } else if (v instanceof LocalDate d) {
      node.put(name, d.toString());
    } else if (v instanceof CodePoints s) {
      if (s.text.codePointCount(0, s.text.length()) <= STRING_PREFIX) {
        node.put(name, s.text);
      } else if (!upper) {
        node.put(name, s.text.substring(0, s.text.offsetByCodePoints(0, STRING_PREFIX)));
      }
    } else {
      node.put(name, v.toString());
    }
  }

  /**
   * A bound as {@link #putBound} wrote it for a column of {@code type}, read back into the value
   * {@link #compare} orders: a text bound may be a prefix, a timestamp one whole milliseconds.
   */
  static Object parseBound(JsonNode node, ColumnType type) {
    return switch (type.kind()) {
      case INT16, INT32, INT64 -> node.longValue();
      case FLOAT32, FLOAT64 -> node.doubleValue();
      case DECIMAL -> node.decimalValue();
      case STRING, UUID -> new CodePoints(node.textValue());
      case DATE -> LocalDate.parse(node.textValue());
      case TIMESTAMP, TIMESTAMP_LOCAL -> Instant.parse(node.textValue());
      case TIME -> node.textValue();
      case BOOLEAN, BYTES, JSON ->
          throw new IllegalArgumentException(type.kind() + " columns have no bounds");
    };
  }

  /** Text ordered by code point, which is UTF-8 byte order: the order Parquet and Delta use. */
  private record CodePoints(String text) implements Comparable<CodePoints> {
    @Override
    public int compareTo(CodePoints o) {
      // UTF-16 order equals code point order except where a surrogate meets U+E000..U+FFFF:
      // compare chars, and only at the first difference look at whole code points.
      int n = Math.min(text.length(), o.text.length());
      for (int k = 0; k < n; k++) {
        char a = text.charAt(k);
        char b = o.text.charAt(k);
        if (a != b) {
          if (!Character.isSurrogate(a) && !Character.isSurrogate(b)) {
            return Character.compare(a, b);
          }
          int at = k > 0 && Character.isHighSurrogate(text.charAt(k - 1)) ? k - 1 : k;
          return Integer.compare(text.codePointAt(at), o.text.codePointAt(at));
        }
      }
      return Integer.compare(text.length(), o.text.length());
    }
  }
}
