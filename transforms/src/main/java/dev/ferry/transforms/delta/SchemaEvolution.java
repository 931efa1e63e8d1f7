package dev.ferry.transforms.delta;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.convert.DeltaSchemas;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a table's schema may take a job's rows. Sources gain columns over time, so a new
 * nullable column is added to the table (older files read it as NULL); everything that would make
 * existing files or readers wrong is refused: a changed type, a new NOT NULL column (older rows
 * have no value), a NOT NULL column the job no longer writes, NULLs into a NOT NULL column. A
 * nullable column the job no longer writes stays in the table and reads NULL in the new files.
 */
final class SchemaEvolution {

  private SchemaEvolution() {}

  /**
   * The table's schema extended by the job's new columns, or null when the table already fits.
   *
   * @param job the job's schema with each field's real nullability
   * @throws SourceException naming the table and the first column that cannot be reconciled
   */
  static StructType evolve(String tablePath, StructType table, StructType job) {
    Map<String, StructField> jobFields = byName(job);
    for (StructField t : table.getFields()) {
      StructField j = jobFields.get(t.getName());
      if (j == null) {
        if (!t.isNullable()) {
          throw refuse(
              tablePath,
              t,
              "is NOT NULL in the table but the job does not write it; keep writing the column or"
                  + " write a new table");
        }
      } else if (!t.getDataType().equals(j.getDataType())) {
        throw refuse(
            tablePath,
            t,
            "is "
                + DeltaSchemas.typeName(t.getDataType())
                + " in the table but "
                + DeltaSchemas.typeName(j.getDataType())
                + " in the job; a type cannot change in place: cast it in the job or write a new"
                + " table");
      } else if (!t.isNullable() && j.isNullable()) {
        throw refuse(
            tablePath,
            t,
            "is NOT NULL in the table but nullable in the job; make it NOT NULL in the job or"
                + " write a new table");
      }
    }
    Map<String, StructField> tableFields = byName(table);
    List<StructField> added = new ArrayList<>();
    for (StructField j : job.getFields()) {
      if (!tableFields.containsKey(j.getName())) {
        if (!j.isNullable()) {
          throw refuse(
              tablePath,
              j,
              "is new and NOT NULL, but the table's existing rows have no value for it; make it"
                  + " nullable or write a new table");
        }
        added.add(j);
      }
    }
    if (added.isEmpty()) {
      return null;
    }
    List<StructField> all = new ArrayList<>(List.of(table.getFields()));
    all.addAll(added);
    return new StructType(all.toArray(StructField[]::new));
  }

  private static Map<String, StructField> byName(StructType schema) {
    Map<String, StructField> fields = new LinkedHashMap<>();
    for (StructField f : schema.getFields()) {
      fields.put(f.getName(), f);
    }
    return fields;
  }

  private static SourceException refuse(String tablePath, StructField column, String why) {
    return new SourceException(
        "cannot write Delta table at " + tablePath + ": column `" + column.getName() + "` " + why);
  }
}
