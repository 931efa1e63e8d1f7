package dev.ferry.transforms.lake;

import dev.ferry.schemas.document.ExtendedJson;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.delta.CommitDeltaFiles;
import dev.ferry.transforms.delta.DeltaCommit;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.DeltaTableWriter;
import dev.ferry.transforms.document.RawDocument;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.steps.RowStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.bson.RawBsonDocument;

/**
 * Every document of a collection into its bronze Delta table as it was read: the {@code _id} and
 * the whole document as JSON text, then the ingest columns and the partition values. Raw by design:
 * nothing is flattened, checked or rejected, so bronze holds every document a run read. The table
 * commits once per run; with a transaction id in the spec, a re-run of a committed run id appends
 * nothing.
 *
 * <pre>{@code
 * AddIngestColumns stamp = AddIngestColumns.of(BeamSchemas.of(rowColumns), ingestStamp);
 * documents.apply("Bronze contracts",
 *     WriteRawDocuments.to(
 *         DeltaTableSpec.of("lake/bronze/contracts", TableMetrics.bronze("contracts"), columns)
 *             .withPartitionColumns(List.of("year", "month", "day"))
 *             .withTransaction(appId, 1),
 *         stamp));
 * }</pre>
 *
 * <p>The text is {@link ExtendedJson}: MongoDB's Relaxed Extended JSON v2 with 64-bit integers kept
 * as {@code {"$numberLong": "…"}}. Plain relaxed JSON writes int32 and int64 alike, so the document
 * read back would not be the document stored; canonical JSON keeps every type but wraps every
 * number ({@code {"$numberInt": "7"}}), which makes the layer hard to query. This form reads back
 * ({@code BsonDocument.parse}) as the very document, types and key order included, while strings,
 * booleans, int32s, doubles, nested documents and arrays stay plain JSON for SQL engines;
 * ObjectIds, dates, Decimal128 and binaries keep their {@code $} wrappers. The {@code _id} column
 * is the {@code _id} member as it appears in {@code document}: {@code {"$oid": "65f1…"}}, {@code
 * 42}, {@code "ABC-1"}; null for a document without one.
 *
 * <p>Counts every document as {@code read} of {@code spec.table()} (the commit counts it {@code
 * written}), so the table's counts reconcile by themselves.
 */
public final class WriteRawDocuments
    extends PTransform<PCollection<RawBsonDocument>, PCollection<DeltaCommit>> {
  private static final long serialVersionUID = 1L;

  private final DeltaTableSpec spec;
  private final AddIngestColumns stamp;

  private WriteRawDocuments(DeltaTableSpec spec, AddIngestColumns stamp) {
    this.spec = spec;
    this.stamp = stamp;
  }

  /**
   * Writes into the table of {@code spec}, whose data columns start with {@link
   * RawDocument#COLUMNS}; {@code stamp} adds the rest (its input is {@link RawDocument#COLUMNS}).
   */
  public static WriteRawDocuments to(DeltaTableSpec spec, AddIngestColumns stamp) {
    List<String> names = spec.columns().stream().map(Column::name).toList();
    if (names.size() < RawDocument.COLUMNS.size()
        || !names.subList(0, 2).equals(List.of(RawDocument.ID, RawDocument.DOCUMENT))) {
      throw new IllegalArgumentException(
          "table "
              + spec.table()
              + ": a raw document table starts with _id, document, not "
              + names);
    }
    return new WriteRawDocuments(spec, stamp);
  }

  @Override
  public PCollection<DeltaCommit> expand(PCollection<RawBsonDocument> documents) {
    DeltaTableWriter writer = DeltaTableWriter.of(spec, stamp.outputSchema());
    return documents
        .apply("Write files", ParDo.of(new WriteFn(writer, stamp.step())))
        .setCoder(DeltaFile.CODER)
        .apply("Commit", CommitDeltaFiles.of(spec, writer.partitionColumns()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("path", spec.path()).withLabel("Delta table path"))
        .addIfNotNull(DisplayData.item("appId", spec.appId()).withLabel("Delta transaction id"));
  }

  /** The documents of a bundle as rows in its data files; files are handed on at its end. */
  static final class WriteFn extends DoFn<RawBsonDocument, DeltaFile> {
    private static final long serialVersionUID = 1L;

    private final DeltaTableWriter writer;
    private final RowStep stamp;
    private final Counter read;
    private final Distribution active;
    private transient DeltaTableWriter.Session session;

    WriteFn(DeltaTableWriter writer, RowStep stamp) {
      this.writer = writer;
      this.stamp = stamp;
      this.read = TableMetrics.read(writer.spec().table());
      this.active = TableMetrics.activeMillis(writer.spec().table());
    }

    @StartBundle
    public void startBundle() {
      session = writer.start();
    }

    @ProcessElement
    public void process(@Element RawBsonDocument document) {
      session.write(stamp.apply(RawDocument.row(document), new ArrayList<>()));
      read.inc();
      active.update(System.currentTimeMillis());
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
  }
}
