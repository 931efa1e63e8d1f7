package dev.ferry.transforms.postgres;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The PostgreSQL tables one collection's documents are written into, as a {@code FlattenPlan} made
 * them: the root table first, every parent before its children.
 *
 * <ul>
 *   <li>The root table's key columns are its primary key, the document's key ({@code _id}); its
 *       mode says what a document already in the table does: {@link TableTarget.Mode#APPEND} leaves
 *       it and its child rows as they are, {@link TableTarget.Mode#UPSERT} updates its row and
 *       replaces all its child rows.
 *   <li>Every other table's first column holds the document's key ({@code _root_id}); its key
 *       columns are its primary key. {@link TableTarget#source()} is the plan's table name, the
 *       name {@code FlatRows} keys its rows by.
 * </ul>
 *
 * @param collection the collection's name: documents are counted and dead-lettered under it
 * @param tables root first, parents before children
 */
public record DocumentTables(String collection, List<TableTarget> tables) implements Serializable {

  public DocumentTables {
    Objects.requireNonNull(collection, "collection");
    tables = List.copyOf(tables);
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("collection " + collection + " has no tables");
    }
    if (tables.get(0).keyColumns().isEmpty()) {
      throw new IllegalArgumentException(
          "root table " + tables.get(0).displayName() + " needs its key column (_id)");
    }
  }

  public TableTarget root() {
    return tables.get(0);
  }

  /** The tables below the root, parents before children. */
  public List<TableTarget> children() {
    return tables.subList(1, tables.size());
  }
}
