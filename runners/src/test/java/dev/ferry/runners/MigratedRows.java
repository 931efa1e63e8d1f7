package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresSourceTypes;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.values.Row;

/**
 * Compares a migrated PostgreSQL table with its source row by row, through ferry's own type
 * mapping: the source is read with the job's reader (so each value is what the mapping made of it),
 * the target with plain JDBC, and both are normalized to comparable Java values (exact decimals by
 * value, JSON as parsed trees, instants, bytes as hex). Rows are matched by primary key; a table
 * without one is compared as a multiset.
 */
final class MigratedRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MigratedRows() {}

  /**
   * Asserts that {@code schema.targetTable} holds exactly the rows {@code source} reads, minus
   * those whose key is in {@code rejectedKeys}; returns the number of rows compared.
   */
  static long assertSameRows(
      RangeReader source,
      TestDatabase target,
      String schema,
      String targetTable,
      List<String> targetColumns,
      Set<List<Object>> rejectedKeys)
      throws SQLException {
    Table table = source.table();
    List<Integer> keyIndexes = table.primaryKey().stream().map(k -> columnIndex(table, k)).toList();
    Map<List<Object>, List<Object>> expected = new TreeMap<>(MigratedRows::compareKeys);
    List<List<Object>> expectedNoKey = new ArrayList<>();
    for (KeyRange range : source.ranges(Long.MAX_VALUE)) {
      source.read(
          range,
          row -> {
            List<Object> values = normalizeSource(table, row);
            List<Object> key = keyOf(values, keyIndexes);
            if (keyIndexes.isEmpty()) {
              expectedNoKey.add(values);
            } else if (!rejectedKeys.contains(key)) {
              expected.put(key, values);
            }
          },
          failure -> {});
    }
    List<String> selected = new ArrayList<>();
    for (int i = 0; i < targetColumns.size(); i++) {
      selected.add(selectExpression(table.columns().get(i), targetColumns.get(i)));
    }
    String select =
        "SELECT "
            + String.join(", ", selected)
            + " FROM "
            + Identifiers.quote(schema)
            + "."
            + Identifiers.quote(targetTable);
    Map<List<Object>, List<Object>> actual = new TreeMap<>(MigratedRows::compareKeys);
    List<List<Object>> actualNoKey = new ArrayList<>();
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      while (rs.next()) {
        List<Object> values = normalizeTarget(table, rs);
        if (keyIndexes.isEmpty()) {
          actualNoKey.add(values);
        } else if (actual.put(keyOf(values, keyIndexes), values) != null) {
          fail(targetTable + ": key " + keyOf(values, keyIndexes) + " is in the target twice");
        }
      }
    }
    if (keyIndexes.isEmpty()) {
      assertEquals(count(expectedNoKey), count(actualNoKey), targetTable + ": rows (no key)");
      return actualNoKey.size();
    }
    for (Map.Entry<List<Object>, List<Object>> e : expected.entrySet()) {
      List<Object> got = actual.get(e.getKey());
      if (got == null) {
        fail(targetTable + ": key " + e.getKey() + " is missing from the target");
      }
      for (int i = 0; i < got.size(); i++) {
        if (!Objects.equals(e.getValue().get(i), got.get(i))) {
          fail(
              targetTable
                  + " key "
                  + e.getKey()
                  + " column "
                  + table.columns().get(i).name()
                  + ": source "
                  + e.getValue().get(i)
                  + " != target "
                  + got.get(i));
        }
      }
    }
    assertEquals(expected.keySet(), actual.keySet(), targetTable + ": keys");
    return actual.size();
  }

  /**
   * The target column, {@code money} as {@code numeric} as the PostgreSQL source reads it: its own
   * text depends on the server's {@code lc_monetary}.
   */
  private static String selectExpression(Column source, String targetColumn) {
    String quoted = Identifiers.quote(targetColumn);
    return PostgresSourceTypes.isMoney(source.sourceType())
        ? quoted + "::numeric" + (source.sourceType().endsWith("[]") ? "[]" : "")
        : quoted;
  }

  /**
   * Whether {@code c}'s values travel as PostgreSQL's text form: a kept type in a string. Kept
   * types carried in another kind ({@code json}, {@code time(3)}, {@code timestamp(3)}) compare in
   * that kind.
   */
  private static boolean asText(Column c) {
    return c.pgType() != null && c.type().kind() == Kind.STRING;
  }

  private static Map<List<Object>, Long> count(List<List<Object>> rows) {
    Map<List<Object>, Long> counts = new HashMap<>();
    rows.forEach(r -> counts.merge(r, 1L, Long::sum));
    return counts;
  }

  private static int compareKeys(List<Object> a, List<Object> b) {
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  private static int columnIndex(Table t, String name) {
    for (int i = 0; i < t.columns().size(); i++) {
      if (t.columns().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static List<Object> keyOf(List<Object> values, List<Integer> indexes) {
    List<Object> key = new ArrayList<>();
    indexes.forEach(i -> key.add(values.get(i)));
    return key;
  }

  private static List<Object> normalizeSource(Table t, Row row) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < t.columns().size(); i++) {
      values.add(normalize(t.columns().get(i), row.getValue(i)));
    }
    return values;
  }

  private static List<Object> normalizeTarget(Table t, ResultSet rs) throws SQLException {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < t.columns().size(); i++) {
      Column c = t.columns().get(i);
      int at = i + 1;
      Object v =
          asText(c)
              ? rs.getString(at)
              : switch (c.type().kind()) {
                case TIMESTAMP -> {
                  OffsetDateTime odt = rs.getObject(at, OffsetDateTime.class);
                  yield odt == null ? null : odt.toInstant();
                }
                case TIMESTAMP_LOCAL -> rs.getObject(at, LocalDateTime.class);
                case DATE -> rs.getObject(at, LocalDate.class);
                case TIME -> rs.getObject(at, LocalTime.class);
                case BYTES -> rs.getBytes(at);
                case STRING, JSON, UUID -> rs.getString(at);
                default -> rs.getObject(at);
              };
      values.add(normalize(c, v));
    }
    return values;
  }

  /**
   * The elements of a one-dimensional PostgreSQL array literal, unquoted and unescaped ({@code
   * NULL} unquoted is null).
   */
  static List<String> arrayElements(String literal) {
    if (!literal.startsWith("{") || !literal.endsWith("}")) {
      throw new IllegalArgumentException("not an array literal: " + literal);
    }
    List<String> elements = new ArrayList<>();
    String body = literal.substring(1, literal.length() - 1);
    int i = 0;
    while (i < body.length()) {
      StringBuilder element = new StringBuilder();
      boolean quoted = body.charAt(i) == '"';
      if (quoted) {
        for (i++; body.charAt(i) != '"'; i++) {
          element.append(body.charAt(i) == '\\' ? body.charAt(++i) : body.charAt(i));
        }
        i++;
      } else {
        for (; i < body.length() && body.charAt(i) != ','; i++) {
          element.append(body.charAt(i));
        }
      }
      String value = element.toString();
      elements.add(!quoted && value.equals("NULL") ? null : value);
      i++; // the comma
    }
    return elements;
  }

  /** One comparable form per logical type. */
  static Object normalize(Column c, Object v) {
    if (v == null) {
      return null;
    }
    if (asText(c)) {
      // An array literal has more than one spelling ({"x"} and {x}): compare the elements.
      return c.pgType() != null && c.pgType().endsWith("[]")
          ? arrayElements(v.toString())
          : v.toString();
    }
    Kind kind = c.type().kind();
    return switch (kind) {
      case BOOLEAN -> v;
      case INT16, INT32, INT64 -> ((Number) v).longValue();
      case FLOAT32 -> (double) ((Number) v).floatValue();
      case FLOAT64 -> ((Number) v).doubleValue();
      case DECIMAL -> {
        BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
        yield d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
      }
      case JSON -> {
        try {
          yield JSON.readTree(v.toString());
        } catch (Exception e) {
          yield "invalid json: " + v;
        }
      }
      case UUID -> v.toString().toLowerCase(java.util.Locale.ROOT);
      case BYTES -> HexFormat.of().formatHex((byte[]) v);
      default -> v;
    };
  }
}
