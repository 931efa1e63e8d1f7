package dev.ferry.schemas.document;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.PostgresTypes;
import java.util.List;
import java.util.stream.Collectors;

/** Tables as short text, so tests compare whole structures at a glance. */
final class Described {

  private Described() {}

  /**
   * {@code name (key…)}, a line per column {@code name type[ not null]}, a line per foreign key
   * {@code -> parent (columns) = (referenced)}.
   */
  static String table(Table t) {
    StringBuilder b =
        new StringBuilder(t.name())
            .append(" (")
            .append(String.join(", ", t.primaryKey()))
            .append(")\n");
    for (Column c : t.columns()) {
      b.append("  ").append(c.name()).append(' ').append(type(c));
      if (!c.nullable()) {
        b.append(" not null");
      }
      b.append('\n');
    }
    for (ForeignKey fk : t.foreignKeys()) {
      b.append("  -> ")
          .append(fk.referencedTable())
          .append(" (")
          .append(String.join(", ", fk.columns()))
          .append(") = (")
          .append(String.join(", ", fk.referencedColumns()))
          .append(")\n");
    }
    return b.toString();
  }

  static String tables(List<Table> tables) {
    return tables.stream().map(Described::table).collect(Collectors.joining());
  }

  static String type(Column c) {
    return c.pgType() != null ? c.pgType() : PostgresTypes.map(c.type());
  }
}
