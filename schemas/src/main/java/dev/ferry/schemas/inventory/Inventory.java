package dev.ferry.schemas.inventory;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Everything a source holds: the tables ferry copies and the objects it only reports.
 *
 * @param source a display name for the source (its URL without credentials)
 * @param dialect {@code sqlite}, {@code mysql}, {@code postgres} or {@code mongodb}
 * @param types enums and domains the tables' columns use (PostgreSQL sources)
 */
public record Inventory(
    String source,
    String dialect,
    List<Table> tables,
    List<SourceObject> notCopied,
    List<UserType> types)
    implements Serializable {

  public Inventory {
    tables = List.copyOf(tables);
    notCopied = List.copyOf(notCopied);
    types = types == null ? List.of() : List.copyOf(types);
  }

  /** An inventory without user-defined types. */
  public Inventory(
      String source, String dialect, List<Table> tables, List<SourceObject> notCopied) {
    this(source, dialect, tables, notCopied, List.of());
  }

  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
