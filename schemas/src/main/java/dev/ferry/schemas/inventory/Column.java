package dev.ferry.schemas.inventory;

import dev.ferry.schemas.types.ColumnType;
import java.io.Serializable;
import java.util.List;

/**
 * One column of a source table: its name, the type the source declared, and the logical type ferry
 * carries its values in.
 *
 * @param sourceType the type exactly as the source declared it (e.g. {@code VARCHAR(40)}, {@code
 *     int(10) unsigned}), or ""
 * @param defaultValue the source's default expression, or {@code null}
 * @param autoIncrement whether the source fills the column itself (MySQL {@code AUTO_INCREMENT},
 *     PostgreSQL identity or {@code serial}, SQLite's rowid alias), so the target needs a sequence
 * @param enumValues the allowed labels of an enum column, in declaration order; empty otherwise
 * @param pgType the PostgreSQL type the target keeps instead of the logical type's mapping, or
 *     {@code null}: a PostgreSQL source's enum, domain, array, {@code inet}…, or {@code text[]} for
 *     a MySQL {@code set}. Values of such columns travel as their PostgreSQL text form.
 */
public record Column(
    String name,
    String sourceType,
    ColumnType type,
    boolean nullable,
    String defaultValue,
    boolean autoIncrement,
    List<String> enumValues,
    String pgType)
    implements Serializable {

  public Column {
    enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
  }

  /** A plain column: not auto-incremented, no enum labels, mapped by its logical type. */
  public Column(
      String name, String sourceType, ColumnType type, boolean nullable, String defaultValue) {
    this(name, sourceType, type, nullable, defaultValue, false, List.of(), null);
  }

  /**
   * The same column carried in another logical type (a cast). A kept PostgreSQL type no longer
   * applies: the target column follows the cast.
   */
  public Column withType(ColumnType newType) {
    return new Column(
        name, sourceType, newType, nullable, defaultValue, autoIncrement, enumValues, null);
  }

  /** The same column, auto-incremented by the source or not. */
  public Column withAutoIncrement(boolean value) {
    return new Column(name, sourceType, type, nullable, defaultValue, value, enumValues, pgType);
  }

  /** The same column with enum labels. */
  public Column withEnumValues(List<String> labels) {
    return new Column(
        name, sourceType, type, nullable, defaultValue, autoIncrement, labels, pgType);
  }

  /** The same column kept as {@code postgresType} in a PostgreSQL target. */
  public Column withPgType(String postgresType) {
    return new Column(
        name, sourceType, type, nullable, defaultValue, autoIncrement, enumValues, postgresType);
  }
}
