package dev.ferry.schemas.document;

import java.util.ArrayList;
import java.util.List;

/** A table as decided, before names are settled. */
final class TableDraft {
  final int index;
  final String name;
  final boolean explicit;
  final List<String> keys;
  final String shown;
  final TableDraft parent;

  /** Arrays between the root and this table's rows, this table's own included. */
  final int depth;

  /** Rows sampling saw: documents, objects or array elements. */
  final long rows;

  /** The element column of a table made from an array of scalars, else null. */
  ColumnDraft value;

  final List<ColumnDraft> columns = new ArrayList<>();

  TableDraft(
      int index,
      String name,
      boolean explicit,
      List<String> keys,
      String shown,
      TableDraft parent,
      int depth,
      long rows) {
    this.index = index;
    this.name = name;
    this.explicit = explicit;
    this.keys = keys;
    this.shown = shown;
    this.parent = parent;
    this.depth = depth;
    this.rows = rows;
  }

  /** Columns before the data: the key, and the element's value in a table of scalars. */
  int leading() {
    return (parent == null ? 1 : 1 + depth) + (value == null ? 0 : 1);
  }
}
