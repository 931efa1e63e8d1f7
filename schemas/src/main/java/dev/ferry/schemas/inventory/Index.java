package dev.ferry.schemas.inventory;

import java.io.Serializable;
import java.util.List;

/** A secondary index as the source declares it. */
public record Index(String name, List<String> columns, boolean unique) implements Serializable {

  public Index {
    columns = List.copyOf(columns);
  }
}
