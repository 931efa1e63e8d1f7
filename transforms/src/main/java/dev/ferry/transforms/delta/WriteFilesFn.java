package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.AvroSchemas;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.Row;

/**
 * Writes a bundle's rows into Parquet data files, at most {@link PartitionWriters#MAX_OPEN} open at
 * once, and outputs each finished file's metadata when the bundle ends. Nothing is committed here;
 * a failed bundle's files are deleted and the bundle is retried.
 */
final class WriteFilesFn extends DoFn<Row, DeltaFile> {

  /** How many files a bundle holds open, sampled whenever a row is written. */
  static final String OPEN_FILES = "delta_open_files";

  private final DeltaTableSpec spec;
  private final List<Column> partitionColumns;
  private final int[] partitionIndexes;
  private final Distribution openFiles = Metrics.distribution(WriteDeltaTable.class, OPEN_FILES);

  private transient Schema avroSchema;
  private transient List<String> lakeNames;
  private transient List<String> partitionNames;
  private transient ResourceId tableRoot;
  private transient PartitionWriters writers;

  WriteFilesFn(DeltaTableSpec spec, List<Column> partitionColumns, int[] partitionIndexes) {
    this.spec = spec;
    this.partitionColumns = List.copyOf(partitionColumns);
    this.partitionIndexes = partitionIndexes.clone();
  }

  @Setup
  public void setup() {
    avroSchema = AvroSchemas.of(spec.table(), spec.columns());
    lakeNames = LakeNames.of(spec.columns().stream().map(Column::name).toList());
    partitionNames = DeltaSchemas.partitionNames(spec.columns(), partitionColumns);
    tableRoot = FileSystems.matchNewResource(spec.path(), true);
  }

  @StartBundle
  public void startBundle() {
    writers =
        new PartitionWriters(
            values ->
                PartFile.open(
                    tableRoot,
                    avroSchema,
                    spec.columns(),
                    lakeNames,
                    partitionNames,
                    values,
                    spec.targetFileBytes()),
            spec.targetFileBytes());
  }

  @ProcessElement
  public void processElement(@Element Row row) {
    try {
      openFiles.update(writers.write(partitionOf(row), row));
    } catch (IOException | RuntimeException e) {
      writers.abort();
      throw DeltaErrors.cannotWrite(spec.path(), e);
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    List<DeltaFile> files;
    try {
      files = writers.finish();
    } catch (IOException | RuntimeException e) {
      writers.abort();
      throw DeltaErrors.cannotWrite(spec.path(), e);
    }
    for (DeltaFile file : files) {
      context.output(file, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
    }
  }

  @Teardown
  public void teardown() {
    if (writers != null) {
      writers.abort();
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    spec.populateDisplayData(builder);
  }

  /** The row's partition values as text; null and empty text both mean the null partition. */
  private List<String> partitionOf(Row row) {
    if (partitionIndexes.length == 0) {
      return List.of();
    }
    List<String> values = new ArrayList<>(partitionIndexes.length);
    for (int index : partitionIndexes) {
      Object v = row.getValue(index);
      String text = v == null ? null : v.toString();
      values.add(text == null || text.isEmpty() ? null : text);
    }
    return values;
  }
}
