package dev.ferry.schemas.document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one document flattens into: for every table of the plan (in the plan's order, with an
 * empty list when the document has none for it), rows of values in the table's column order, as the
 * Beam values of each column's logical type (see {@code ColumnReader}; kept PostgreSQL types such
 * as arrays and {@code numeric} as their text).
 *
 * <p>Every table is listed, so a writer replacing a document's rows knows every table to clear of
 * the document's old child rows, even those it now has none in.
 *
 * @param key the document's {@code _id} as its column holds it; every row of the document carries
 *     it first ({@code _id} in the root table, {@code _root_id} below)
 * @param rows table name → rows; values may be null
 * @param dropped paths of fields left out under {@code extra: drop}, with array indexes ({@code
 *     contacts.2.fax}), for counting
 */
public record FlatRows(Object key, Map<String, List<List<Object>>> rows, List<String> dropped) {

  public FlatRows {
    Map<String, List<List<Object>>> copy = new LinkedHashMap<>();
    rows.forEach(
        (table, list) -> {
          List<List<Object>> tableRows = new ArrayList<>();
          list.forEach(r -> tableRows.add(Collections.unmodifiableList(new ArrayList<>(r))));
          copy.put(table, Collections.unmodifiableList(tableRows));
        });
    rows = Collections.unmodifiableMap(copy);
    dropped = List.copyOf(dropped);
  }

  /** The rows of {@code table}: empty when the document has none there. */
  public List<List<Object>> rows(String table) {
    List<List<Object>> r = rows.get(table);
    if (r == null) {
      throw new IllegalArgumentException("table " + table + " is not in this plan");
    }
    return r;
  }

  /** How many rows the document made, all tables together. */
  public int size() {
    return rows.values().stream().mapToInt(List::size).sum();
  }
}
