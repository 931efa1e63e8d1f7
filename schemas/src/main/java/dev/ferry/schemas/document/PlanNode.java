package dev.ferry.schemas.document;

import dev.ferry.schemas.document.BsonTypes.ValueType;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What the flattener does with the value under one key: the plan as a tree that mirrors the
 * documents. Tables and columns are referred to by position: {@code table} in {@link
 * FlattenPlan#tables()}, {@code column} in that table's columns.
 */
sealed interface PlanNode extends Serializable {

  /** A scalar into one column of the current row. */
  record Scalar(int column, ValueType type) implements PlanNode {}

  /** Anything, as Extended JSON, into one jsonb column of the current row. */
  record Json(int column) implements PlanNode {}

  /** An array of scalars as one PostgreSQL array literal in the current row. */
  record ArrayColumn(int column, ValueType element) implements PlanNode {}

  /** An object whose fields go into columns of the current row. */
  record Fields(Map<String, PlanNode> fields) implements PlanNode {
    public Fields {
      fields = Map.copyOf(fields);
    }
  }

  /** An object that is one row of its own table, keyed like the current row. */
  record ObjectTable(int table, Map<String, PlanNode> fields) implements PlanNode {
    public ObjectTable {
      fields = Map.copyOf(fields);
    }
  }

  /** An array of objects: a row per element, keyed by the current row's key and the ordinal. */
  record ArrayTable(int table, Map<String, PlanNode> fields) implements PlanNode {
    public ArrayTable {
      fields = Map.copyOf(fields);
    }
  }

  /** An array of scalars: a row per element with its value in the column after the key. */
  record ScalarTable(int table, ValueType element) implements PlanNode {}

  /** Left out on purpose ({@code skip: true}), not even kept in {@code _extra}. */
  record Skip() implements PlanNode {}

  /**
   * What the flattener needs to know about one table's rows.
   *
   * @param keys how many key columns lead the row
   * @param extra the position of {@code _extra}, or -1
   * @param notNull the data columns every sampled row had a value in
   * @param paths per column, the document path it holds (for reasons), "" for keys and extra
   */
  record Layout(
      String name, int keys, int width, int extra, List<Integer> notNull, List<String> paths)
      implements Serializable {
    public Layout {
      notNull = List.copyOf(notNull);
      paths = List.copyOf(paths);
    }
  }
}
