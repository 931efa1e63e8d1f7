package dev.ferry.transforms.postgres;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.Row;

/** Loads a bundle's rows in COPY batches: when a batch fills, and when the bundle finishes. */
final class WriteBatchesFn extends DoFn<Row, WrittenBatch> {

  private final PostgresTarget target;
  private final TableTarget table;
  private final NulBytes nulBytes;
  private final int maxRows;
  private final long maxBytes;
  private final RetryPolicy retries;

  private transient CopyBatcher batcher;

  WriteBatchesFn(
      PostgresTarget target,
      TableTarget table,
      NulBytes nulBytes,
      int maxRows,
      long maxBytes,
      RetryPolicy retries) {
    this.target = target;
    this.table = table;
    this.nulBytes = nulBytes;
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
    this.retries = retries;
  }

  @Setup
  public void setup() {
    batcher = new CopyBatcher(target, table, nulBytes, maxRows, maxBytes, retries);
  }

  @StartBundle
  public void startBundle() {
    batcher.discard();
  }

  @ProcessElement
  public void processElement(@Element Row row, MultiOutputReceiver out) {
    WrittenBatch batch = batcher.add(row, f -> out.get(WritePostgres.FAILED).output(f));
    if (batch != null) {
      out.get(WritePostgres.WRITTEN).output(batch);
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    WrittenBatch batch =
        batcher.flush(
            f ->
                context.output(
                    WritePostgres.FAILED,
                    f,
                    GlobalWindow.INSTANCE.maxTimestamp(),
                    GlobalWindow.INSTANCE));
    if (batch != null) {
      context.output(
          WritePostgres.WRITTEN,
          batch,
          GlobalWindow.INSTANCE.maxTimestamp(),
          GlobalWindow.INSTANCE);
    }
  }

  @Teardown
  public void teardown() {
    if (batcher != null) {
      batcher.close();
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    WritePostgres.describe(target, table, builder);
  }
}
