package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import java.util.List;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Reads the rows of one version of a Delta table: the bounded source of a lakehouse's silver layer
 * and of {@code verify}, which have no access to the source database.
 *
 * <pre>{@code
 * PCollection<Row> orders =
 *     p.apply("ReadOrders", ReadDeltaTable.at("lake/bronze/orders")
 *         .version(3)
 *         .partitions(PartitionSet.of(List.of(Map.of("year", "2026"))))
 *         .withPartitionColumns());
 * }</pre>
 *
 * <p>The table's log is read when the transform is expanded ({@link DeltaSnapshot#load}); a missing
 * table or version fails then, with one line naming the path. Each data file is one element, spread
 * over workers, and streamed one row group at a time. Rows carry the data columns under their
 * source names and ferry types ({@link dev.ferry.schemas.convert.DeltaSchemas#columns}), then the
 * partition columns if asked for. A version is immutable, so reading it twice gives the same rows;
 * no order is guaranteed.
 */
public final class ReadDeltaTable extends PTransform<PBegin, PCollection<Row>> {

  private final String path;
  private final long version;
  private final PartitionSet partitions;
  private final List<String> columns;
  private final boolean withPartitionColumns;

  private ReadDeltaTable(
      String path,
      long version,
      PartitionSet partitions,
      List<String> columns,
      boolean withPartitionColumns) {
    this.path = path;
    this.version = version;
    this.partitions = partitions;
    this.columns = columns;
    this.withPartitionColumns = withPartitionColumns;
  }

  /** Every row of the latest version of the table at {@code path}, data columns only. */
  public static ReadDeltaTable at(String path) {
    return new ReadDeltaTable(path, -1, null, null, false);
  }

  /** Reads version {@code n} instead of the latest (time travel). */
  public ReadDeltaTable version(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("a Delta version is at least 0, not " + n);
    }
    return new ReadDeltaTable(path, n, partitions, columns, withPartitionColumns);
  }

  /** Reads only the files of these partitions. */
  public ReadDeltaTable partitions(PartitionSet set) {
    return new ReadDeltaTable(path, version, set, columns, withPartitionColumns);
  }

  /** Reads only these data columns, in this order (a Parquet projection: the rest is not read). */
  public ReadDeltaTable columns(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("read at least one column");
    }
    return new ReadDeltaTable(path, version, partitions, List.copyOf(names), withPartitionColumns);
  }

  /** Appends the partition columns to every row, typed as the table declares them. */
  public ReadDeltaTable withPartitionColumns() {
    return new ReadDeltaTable(path, version, partitions, columns, true);
  }

  @Override
  public PCollection<Row> expand(PBegin input) {
    DeltaSnapshot table = DeltaSnapshot.load(path, version);
    List<String> names =
        columns != null ? columns : table.columns().stream().map(Column::name).toList();
    List<DeltaFile> files = partitions == null ? table.files() : table.files(partitions);
    return input
        .apply("ListFiles", Create.of(files).withCoder(DeltaFile.CODER))
        .apply("SpreadFiles", Reshuffle.viaRandomKey())
        .apply(
            "ReadFiles",
            ParDo.of(new ReadFilesFn(table.withoutFiles(), names, withPartitionColumns)))
        .setRowSchema(table.rowSchema(names, withPartitionColumns));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("path", path).withLabel("Delta table path"))
        .addIfNotDefault(DisplayData.item("version", version).withLabel("Version"), -1L)
        .addIfNotNull(
            DisplayData.item("partitions", partitions == null ? null : partitions.toString()))
        .addIfNotNull(
            DisplayData.item("columns", columns == null ? null : String.join(", ", columns)));
  }
}
