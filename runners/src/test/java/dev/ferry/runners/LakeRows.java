package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.testkit.TableChecksum;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Comparing rows that readers returned, with a readable difference when they disagree. */
final class LakeRows {

  private LakeRows() {}

  /**
   * Asserts {@code actual} holds the same rows as {@code expected} over {@code columns}: same count
   * and the same order-independent {@link TableChecksum}. On a mismatch, names the first rows (by
   * {@code key}) that differ.
   */
  static void assertSameRows(
      String what,
      List<Map<String, Object>> expected,
      List<Map<String, Object>> actual,
      Collection<String> columns,
      List<String> key) {
    TableChecksum want = TableChecksum.of(expected, columns);
    TableChecksum got = TableChecksum.of(actual, columns);
    if (want.equals(got)) {
      return;
    }
    Map<String, String> e = byKey(expected, columns, key);
    Map<String, String> a = byKey(actual, columns, key);
    List<String> diffs = new ArrayList<>();
    for (String k : e.keySet()) {
      if (!e.get(k).equals(a.get(k))) {
        diffs.add("  " + k + "\n    expected " + e.get(k) + "\n    actual   " + a.get(k));
      }
    }
    for (String k : a.keySet()) {
      if (!e.containsKey(k)) {
        diffs.add("  " + k + " is not expected: " + a.get(k));
      }
    }
    fail(
        what
            + ": expected "
            + want
            + " but read "
            + got
            + "; first differences:\n"
            + diffs.stream().limit(5).collect(Collectors.joining("\n")));
  }

  /** The values of {@code column} over {@code rows}. */
  static List<Object> column(List<Map<String, Object>> rows, String column) {
    return rows.stream().map(r -> r.get(column)).toList();
  }

  /** The row whose {@code column} equals {@code value} (compared as canonical text). */
  static Map<String, Object> rowWith(List<Map<String, Object>> rows, String column, Object value) {
    List<Map<String, Object>> found =
        rows.stream()
            .filter(
                r -> TableChecksum.canonical(r.get(column)).equals(TableChecksum.canonical(value)))
            .toList();
    if (found.size() != 1) {
      fail(found.size() + " rows with " + column + "=" + value + ", expected one");
    }
    return found.get(0);
  }

  /** Canonical text a person can read: NULL spelled out, combining marks escaped. */
  private static String shown(Object value) {
    String text = TableChecksum.canonical(value);
    if (value == null) {
      return "NULL";
    }
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (Character.getType(c) == Character.NON_SPACING_MARK) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static Map<String, String> byKey(
      List<Map<String, Object>> rows, Collection<String> columns, List<String> key) {
    Map<String, String> out = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      String k =
          key.stream()
              .map(c -> c + "=" + TableChecksum.canonical(row.get(c)))
              .collect(Collectors.joining(","));
      String v =
          columns.stream()
              .sorted()
              .map(c -> c + "=" + shown(row.get(c)))
              .collect(Collectors.joining(", "));
      out.merge(k, v, (x, y) -> x + " AND AGAIN " + y);
    }
    return out;
  }
}
