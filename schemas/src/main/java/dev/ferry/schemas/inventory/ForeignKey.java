package dev.ferry.schemas.inventory;

import java.io.Serializable;
import java.util.List;

/** A foreign key: {@code columns} of the owning table reference {@code referencedColumns}. */
public record ForeignKey(
    String name, List<String> columns, String referencedTable, List<String> referencedColumns)
    implements Serializable {

  public ForeignKey {
    columns = List.copyOf(columns);
    referencedColumns = List.copyOf(referencedColumns);
  }
}
