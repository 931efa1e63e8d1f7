package dev.ferry.transforms.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.inventory.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * The Delta statistics of a file whose rows are exactly those of some other files (a merge that
 * copies row groups), combined from theirs without reading a row: record and null counts add up; a
 * column's min is the least of the files' mins and its max the greatest of their maxes, compared as
 * {@link FileStats} compares values of the column's kind. A file whose column is all null adds no
 * bound; any other file without a bound (a kind that gets none, a float column holding NaN, a long
 * text's max) leaves the result without that bound too.
 *
 * <p>The result is the JSON {@link FileStats} writes after reading the merged rows, because each of
 * its cuts commutes with taking the min or max: a text prefix and a timestamp widened to
 * milliseconds keep the order of the values they came from. The one case it is not: when a file's
 * text max was left out for being long, the merged file gets no max either, although a reader of
 * the rows might find a greater short text elsewhere. That bound is then missing, never wrong.
 *
 * <pre>{@code
 * String stats = CombinedStats.of(List.of(a.stats(), b.stats()), spec.columns(), lakeNames);
 * }</pre>
 */
final class CombinedStats {

  private CombinedStats() {}

  /**
   * The statistics of the union of the files whose statistics are {@code files}, or null when any
   * of them has none. {@code lakeNames} are the names the statistics use for {@code columns}.
   */
  static String of(List<String> files, List<Column> columns, List<String> lakeNames) {
    List<JsonNode> stats = new ArrayList<>(files.size());
    for (String json : files) {
      if (json == null) {
        return null;
      }
      stats.add(parse(json));
    }
    long records = 0;
    for (JsonNode s : stats) {
      records += s.path("numRecords").asLong();
    }
    ObjectNode root = FileStats.JSON.createObjectNode();
    root.put("numRecords", records);
    ObjectNode mins = root.putObject("minValues");
    ObjectNode maxs = root.putObject("maxValues");
    ObjectNode nullCount = root.putObject("nullCount");
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      String name = lakeNames.get(i);
      Long nulls = nullCount(stats, name);
      if (nulls != null) {
        nullCount.put(name, nulls);
      }
      Object min = bound(stats, "minValues", column, name, false);
      if (min != null) {
        FileStats.putBound(mins, name, min, false);
      }
      Object max = bound(stats, "maxValues", column, name, true);
      if (max != null) {
        FileStats.putBound(maxs, name, max, true);
      }
    }
    try {
      return FileStats.JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stats of plain values always serialize", e);
    }
  }

  /** The sum of the files' null counts of a column, or null when a file does not count them. */
  private static Long nullCount(List<JsonNode> stats, String name) {
    long sum = 0;
    for (JsonNode s : stats) {
      JsonNode n = s.path("nullCount").get(name);
      if (n == null || !n.canConvertToLong()) {
        return null;
      }
      sum += n.asLong();
    }
    return sum;
  }

  /**
   * The least ({@code upper} false) or greatest bound the files give a column, or null when a file
   * holding a value of the column gives none, or no file holds one.
   */
  private static Object bound(
      List<JsonNode> stats, String field, Column column, String name, boolean upper) {
    Object result = null;
    for (JsonNode s : stats) {
      JsonNode node = s.path(field).get(name);
      if (node == null || node.isNull()) {
        if (allNull(s, name)) {
          continue;
        }
        return null;
      }
      Object value = FileStats.parseBound(node, column.type());
      int order = result == null ? 0 : FileStats.compare(value, result);
      if (result == null || (upper ? order > 0 : order < 0)) {
        result = value;
      }
    }
    return result;
  }

  private static boolean allNull(JsonNode stats, String name) {
    JsonNode nulls = stats.path("nullCount").get(name);
    return nulls != null
        && nulls.canConvertToLong()
        && nulls.asLong() == stats.path("numRecords").asLong(-1);
  }

  private static JsonNode parse(String json) {
    try {
      return FileStats.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not Delta file statistics: " + json, e);
    }
  }
}
