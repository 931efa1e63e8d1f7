package dev.ferry.transforms.delta;

import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.Row;

/**
 * Writes a bundle's rows into Parquet data files and outputs each finished file's metadata when the
 * bundle ends. Nothing is committed here; a failed bundle's files are deleted and the bundle is
 * retried.
 */
final class WriteFilesFn extends DoFn<Row, DeltaFile> {

  /** How many files a bundle holds open, sampled whenever a row is written. */
  static final String OPEN_FILES = "delta_open_files";

  private final DeltaTableWriter writer;
  private final Distribution openFiles = Metrics.distribution(WriteDeltaTable.class, OPEN_FILES);
  private transient DeltaTableWriter.Session session;

  WriteFilesFn(DeltaTableWriter writer) {
    this.writer = writer;
  }

  @StartBundle
  public void startBundle() {
    session = writer.start();
  }

  @ProcessElement
  public void processElement(@Element Row row) {
    openFiles.update(session.write(row));
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    for (DeltaFile file : session.finish()) {
      context.output(file, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
    }
    session = null;
  }

  @Teardown
  public void teardown() {
    if (session != null) {
      session.abort();
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    writer.spec().populateDisplayData(builder);
  }
}
