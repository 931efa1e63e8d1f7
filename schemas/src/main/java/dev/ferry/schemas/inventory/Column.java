package dev.ferry.schemas.inventory;

import dev.ferry.schemas.types.ColumnType;
import java.io.Serializable;

/**
 * One column of a source table: its name, the type the source declared, and the logical type ferry
 * carries its values in.
 *
 * @param sourceType the type exactly as the source declared it (e.g. {@code VARCHAR(40)}), or ""
 * @param defaultValue the source's default expression, or {@code null}
 */
public record Column(
    String name, String sourceType, ColumnType type, boolean nullable, String defaultValue)
    implements Serializable {

  /** The same column carried in another logical type (a cast). */
  public Column withType(ColumnType newType) {
    return new Column(name, sourceType, newType, nullable, defaultValue);
  }
}
