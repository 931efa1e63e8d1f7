package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.inventory.Column;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What ferry records about a table in its Delta {@code Metadata.configuration}, for readers that
 * have no access to the source database. Keys start with {@code ferry.}, which Delta leaves alone.
 */
public final class TableProperties {

  /**
   * The primary key's column names as they appear in the Delta schema (lake names, which never hold
   * a comma), comma-separated in key order. Absent when the table was created without a key.
   */
  public static final String PRIMARY_KEY = "ferry.primary_key";

  private TableProperties() {}

  /** The configuration a new table written for {@code spec} is created with. */
  static Map<String, String> of(DeltaTableSpec spec, List<Column> partitionColumns) {
    if (spec.primaryKey().isEmpty()) {
      return Map.of();
    }
    List<String> sourceNames = spec.columns().stream().map(Column::name).toList();
    List<String> lakeNames =
        Arrays.stream(DeltaSchemas.of(spec.columns(), partitionColumns).getFields())
            .map(StructField::getName)
            .toList();
    List<String> key = new ArrayList<>();
    for (String column : spec.primaryKey()) {
      key.add(lakeNames.get(sourceNames.indexOf(column)));
    }
    return Map.of(PRIMARY_KEY, String.join(",", key));
  }

  /**
   * The recorded primary key as source column names (what {@link DeltaSchemas#columns} calls the
   * columns), or empty when the table records none.
   *
   * @throws IllegalArgumentException if a recorded key column is not in {@code schema}
   */
  static List<String> primaryKey(Map<String, String> configuration, StructType schema) {
    String recorded = configuration.get(PRIMARY_KEY);
    if (recorded == null || recorded.isBlank()) {
      return List.of();
    }
    List<String> lakeNames = Arrays.stream(schema.getFields()).map(StructField::getName).toList();
    List<Column> columns = DeltaSchemas.columns(schema);
    List<String> key = new ArrayList<>();
    for (String name : recorded.split(",")) {
      int i = lakeNames.indexOf(name.strip());
      if (i < 0) {
        throw new IllegalArgumentException(
            PRIMARY_KEY + " names column " + name.strip() + ", which the table does not have");
      }
      key.add(columns.get(i).name());
    }
    return key;
  }
}
