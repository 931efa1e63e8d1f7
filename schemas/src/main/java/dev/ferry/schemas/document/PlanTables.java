package dev.ferry.schemas.document;

import dev.ferry.schemas.document.PlanNode.Layout;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drafted tables → inventory tables with their keys, foreign keys and settled names, and the layout
 * of each table's rows for the flattener.
 */
final class PlanTables {

  static final String ROOT_ID = "_root_id";
  static final String ORDINAL = "_ordinal";
  static final String EXTRA = "_extra";
  static final String VALUE = "value";

  /** PostgreSQL's limit of columns per table. */
  static final int MAX_COLUMNS = 1600;

  record Result(List<Table> tables, List<Layout> layouts) {}

  private PlanTables() {}

  static Result of(PlanBuilder b, boolean extraColumn, long rowEstimate) {
    List<ColumnNames.Claim> tableClaims = new ArrayList<>();
    for (TableDraft t : b.tables) {
      tableClaims.add(new ColumnNames.Claim(t.name, t.explicit, t.keys, t.shown));
    }
    List<String> names = ColumnNames.resolve(tableClaims, Set.of(), "table", b.notes);
    List<Table> tables = new ArrayList<>();
    List<Layout> layouts = new ArrayList<>();
    for (TableDraft t : b.tables) {
      String name = names.get(t.index);
      List<String> keys = keyNames(t, b.id.name);
      List<Column> columns = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      List<Integer> notNull = new ArrayList<>();
      for (String key : keys) {
        columns.add(keyColumn(key, t, b));
        paths.add("");
      }
      Set<String> reserved = new LinkedHashSet<>(keys);
      List<ColumnDraft> data = new ArrayList<>();
      if (t.value != null) {
        reserved.add(VALUE);
        data.add(t.value);
      }
      if (extraColumn && !reserved.add(EXTRA)) {
        throw new IllegalArgumentException(
            "flatten: _id is renamed to _extra, the column ferry keeps unknown fields in: choose"
                + " another name");
      }
      List<ColumnNames.Claim> claims = new ArrayList<>();
      for (ColumnDraft c : t.columns) {
        claims.add(new ColumnNames.Claim(c.name, c.explicit, c.keys, c.shown));
      }
      List<String> dataNames =
          ColumnNames.resolve(
              claims, reserved, "column of table " + Identifiers.quote(name), b.notes);
      List<String> allNames = new ArrayList<>();
      if (t.value != null) {
        allNames.add(VALUE);
      }
      allNames.addAll(dataNames);
      data.addAll(t.columns);
      for (int i = 0; i < data.size(); i++) {
        ColumnDraft c = data.get(i);
        if (c.notNull) {
          notNull.add(columns.size());
        }
        columns.add(
            new Column(
                allNames.get(i),
                c.sourceType,
                c.type,
                !c.notNull,
                null,
                false,
                List.of(),
                c.pgType));
        paths.add(c.shown);
      }
      int extra = -1;
      if (extraColumn) {
        extra = columns.size();
        columns.add(new Column(EXTRA, "", BsonTypes.JSON, true, null));
        paths.add("");
      }
      if (columns.size() > MAX_COLUMNS) {
        throw new IllegalArgumentException(
            "flatten: table "
                + Identifiers.quote(name)
                + " ("
                + t.shown
                + ") would have "
                + columns.size()
                + " columns, more than PostgreSQL's "
                + MAX_COLUMNS
                + ": set max_depth, or keep wide objects whole with json: true");
      }
      List<ForeignKey> foreignKeys = new ArrayList<>();
      if (t.parent != null) {
        List<String> parentKeys = keyNames(t.parent, b.id.name);
        foreignKeys.add(
            new ForeignKey(
                name + "_fkey",
                keys.subList(0, parentKeys.size()),
                names.get(t.parent.index),
                parentKeys));
      }
      tables.add(
          new Table(
              name,
              columns,
              keys,
              foreignKeys,
              List.of(),
              t.parent == null ? rowEstimate : -1,
              Optional.empty()));
      layouts.add(new Layout(name, keys.size(), columns.size(), extra, notNull, paths));
    }
    return new Result(tables, layouts);
  }

  /**
   * The key of a table's rows: {@code _id} at the root; below it the document's {@code _id} as
   * {@code _root_id}, then the index in each enclosing array from the outermost ({@code
   * _ordinal_1}, {@code _ordinal_2}…), the table's own array index last as {@code _ordinal}. A
   * table made from an object has its parent row's key.
   */
  static List<String> keyNames(TableDraft t, String idName) {
    if (t.parent == null) {
      return List.of(idName);
    }
    List<String> keys = new ArrayList<>();
    keys.add(ROOT_ID);
    for (int i = 1; i < t.depth; i++) {
      keys.add(ORDINAL + "_" + i);
    }
    if (t.depth > 0) {
      keys.add(ORDINAL);
    }
    return keys;
  }

  private static Column keyColumn(String key, TableDraft t, PlanBuilder b) {
    ColumnDraft id = b.id;
    if (t.parent == null) {
      return new Column(key, id.sourceType, id.type, false, null, false, List.of(), id.pgType);
    }
    if (key.equals(ROOT_ID)) {
      return new Column(
          key, "_id of the document", id.type, false, null, false, List.of(), id.pgType);
    }
    return new Column(key, "array index from 0", ColumnType.of(Kind.INT32), false, null);
  }
}
