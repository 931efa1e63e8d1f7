package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Writes rows into a Delta Lake table and commits them once: the lakehouse sink.
 *
 * <pre>{@code
 * PCollection<DeltaCommit> commit =
 *     rows.apply("WriteOrders", WriteDeltaTable.to(
 *         DeltaTableSpec.of("lake/bronze/orders", "orders", columns)
 *             .withPartitionColumns(List.of("year", "month", "day"))
 *             .withTransaction("shop:orders", runId)));
 * }</pre>
 *
 * <p>Guarantees: memory is bounded (each bundle streams rows into at most eight open Parquet files,
 * rolling at the target size); the whole run becomes one Delta commit, so readers see all of it or
 * none of it; with a transaction id the commit is idempotent — a re-run of a committed version
 * appends nothing, deletes the files it wrote and reports {@code skipped}. A table whose schema
 * differs from the job's is not written. Failures are {@link dev.ferry.schemas.SourceException}s
 * with one line naming the path.
 *
 * <p>Input rows carry the data columns first, in {@link DeltaTableSpec#columns()} order, then the
 * partition fields. Values must already fit their types (decimal scale, ranges): normalize and
 * validate rows upstream; a value that does not fit fails the write.
 */
public final class WriteDeltaTable extends PTransform<PCollection<Row>, PCollection<DeltaCommit>> {

  private final DeltaTableSpec spec;

  private WriteDeltaTable(DeltaTableSpec spec) {
    this.spec = spec;
  }

  public static WriteDeltaTable to(DeltaTableSpec spec) {
    return new WriteDeltaTable(spec);
  }

  public DeltaTableSpec spec() {
    return spec;
  }

  @Override
  public PCollection<DeltaCommit> expand(PCollection<Row> input) {
    Schema schema = input.getSchema();
    checkDataColumns(schema);
    List<Column> partitionColumns = new ArrayList<>();
    int[] partitionIndexes = new int[spec.partitionColumns().size()];
    for (int i = 0; i < partitionIndexes.length; i++) {
      String name = spec.partitionColumns().get(i);
      partitionIndexes[i] = partitionIndex(schema, name);
      partitionColumns.add(partitionColumn(schema.getField(partitionIndexes[i])));
    }
    return input
        .apply("GlobalWindow", Window.into(new GlobalWindows()))
        .apply("WriteFiles", ParDo.of(new WriteFilesFn(spec, partitionColumns, partitionIndexes)))
        .setCoder(DeltaFile.CODER)
        .apply("CollectFiles", Combine.globally(new CollectFiles()))
        .setCoder(CollectFiles.LIST_CODER)
        .apply("Commit", ParDo.of(new CommitFn(spec, partitionColumns)))
        .setCoder(DeltaCommit.CODER);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    spec.populateDisplayData(builder);
  }

  private void checkDataColumns(Schema schema) {
    List<Column> columns = spec.columns();
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      FieldType want = BeamSchemas.fieldType(c.type()).withNullable(true);
      if (i >= schema.getFieldCount()
          || !schema.getField(i).getName().equals(c.name())
          || !schema.getField(i).getType().withNullable(true).equals(want)) {
        throw new IllegalArgumentException(
            "table "
                + spec.table()
                + ": row field "
                + (i + 1)
                + " must be column "
                + c.name()
                + " ("
                + c.type()
                + ") but the rows have "
                + (i < schema.getFieldCount() ? schema.getField(i) : "no such field"));
      }
    }
  }

  private int partitionIndex(Schema schema, String name) {
    for (int i = spec.columns().size(); i < schema.getFieldCount(); i++) {
      if (schema.getField(i).getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "table "
            + spec.table()
            + ": partition column "
            + name
            + " is not a row field after the data columns; rows have "
            + schema.getFieldNames());
  }

  private Column partitionColumn(Schema.Field field) {
    TypeName type = field.getType().getTypeName();
    ColumnType columnType;
    if (type == TypeName.INT32) {
      columnType = ColumnType.of(ColumnType.Kind.INT32);
    } else if (type == TypeName.STRING) {
      columnType = ColumnType.string(0);
    } else {
      throw new IllegalArgumentException(
          "table "
              + spec.table()
              + ": partition column "
              + field.getName()
              + " must be INT32 or STRING, not "
              + field.getType());
    }
    return new Column(field.getName(), "", columnType, true, null);
  }
}
