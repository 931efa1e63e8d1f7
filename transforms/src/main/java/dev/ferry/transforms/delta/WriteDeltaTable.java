package dev.ferry.transforms.delta;

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
 * rolling at the target size); small files of the run are merged per partition before the commit
 * ({@link CompactDeltaFiles}); the whole run becomes one Delta commit, so readers see all of it or
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
    DeltaTableWriter writer = DeltaTableWriter.of(spec, input.getSchema());
    return input
        .apply("GlobalWindow", Window.into(new GlobalWindows()))
        .apply("WriteFiles", ParDo.of(new WriteFilesFn(writer)))
        .setCoder(DeltaFile.CODER)
        .apply("Commit", CommitDeltaFiles.of(spec, writer.partitionColumns()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    spec.populateDisplayData(builder);
  }
}
