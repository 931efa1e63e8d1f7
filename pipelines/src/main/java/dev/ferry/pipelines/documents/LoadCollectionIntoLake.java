package dev.ferry.pipelines.documents;

import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.delta.CommitDeltaTables;
import dev.ferry.transforms.delta.DeltaCommit;
import dev.ferry.transforms.delta.DeltaDocumentSink;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.DeltaTableWriter;
import dev.ferry.transforms.document.LoadDocuments;
import dev.ferry.transforms.lake.AddIngestColumns;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.read.ReadMongoCollection;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * One collection into the lake, in one pass per {@code _id} range: every document read into its raw
 * bronze table, and the same documents flattened, checked and written whole into their silver
 * tables; each table committed once. Returns the rejected documents, so the job can put all of them
 * in one dead-letter table. Counts the documents in silver as {@code written} under {@code
 * TableMetrics.documents}: one root table row per document, counted when the root table commits.
 */
final class LoadCollectionIntoLake extends PTransform<PBegin, PCollection<FailedRow>> {
  private static final long serialVersionUID = 1L;

  private final ReadMongoCollection read;
  private final LoadDocuments<KV<String, DeltaFile>> load;
  private final List<DeltaTableWriter> writers;
  private final String rootTable;

  /**
   * @param raw the collection's raw bronze table
   * @param tables its silver tables, root first, in the order the plan flattens into them
   * @param steps the job's per-table steps for the collection's documents
   */
  LoadCollectionIntoLake(
      ReadMongoCollection read,
      BronzeTable raw,
      List<BronzeTable> tables,
      LoadDocuments.Builder steps,
      IngestStamp stamp,
      String appId) {
    this.read = read;
    AddIngestColumns rawStamp = AddIngestColumns.of(BeamSchemas.of(raw.rowColumns()), stamp);
    DeltaDocumentSink sink =
        DeltaDocumentSink.of(read.collection())
            .withRawTable(
                DeltaTableWriter.of(
                    spec(raw, TableMetrics.bronze(read.collection()), appId),
                    rawStamp.outputSchema()),
                List.of(rawStamp.step()));
    for (BronzeTable t : tables) {
      AddIngestColumns add = AddIngestColumns.of(BeamSchemas.of(t.rowColumns()), stamp);
      if (t.partitionColumn().isPresent()) {
        add = add.partitionedBy(t.partitionColumn().get());
      }
      sink =
          sink.withTable(
              DeltaTableWriter.of(spec(t, t.source().name(), appId), add.outputSchema()),
              BeamSchemas.of(t.source().columns()),
              List.of(add.step()));
    }
    this.load = steps.into(sink, DeltaDocumentSink.CODER);
    this.writers = sink.writers();
    this.rootTable = tables.get(0).source().name();
  }

  @Override
  public PCollection<FailedRow> expand(PBegin begin) {
    PCollectionTuple loaded =
        begin.apply("Ranges", read.ranges()).apply("Bronze and silver", load.fromRanges());
    loaded
        .get(load.results())
        .apply("Commit bronze and silver", CommitDeltaTables.of(writers))
        .apply(
            "Count documents",
            ParDo.of(new CountDocuments(TableMetrics.documents(read.collection()), rootTable)))
        .setCoder(DeltaCommit.CODER);
    return loaded.get(LoadDocuments.FAILED);
  }

  private static DeltaTableSpec spec(BronzeTable table, String name, String appId) {
    return DeltaTableSpec.of(table.path(), name, table.dataColumns())
        .withPartitionColumns(table.partitionNames())
        .withTransaction(appId, 1);
  }

  /**
   * Counts the rows of the root table's commit as the collection's documents written: each document
   * in silver is one root row. A commit skipped for a repeated run id counts the rows of the
   * earlier identical commit, as every Delta table's {@code written} does.
   */
  static final class CountDocuments extends DoFn<DeltaCommit, DeltaCommit> {
    private static final long serialVersionUID = 1L;
    private final String rootTable;
    private final Counter written;
    private final Distribution active;

    CountDocuments(String documents, String rootTable) {
      this.rootTable = rootTable;
      this.written = TableMetrics.written(documents);
      this.active = TableMetrics.activeMillis(documents);
    }

    @ProcessElement
    public void process(@Element DeltaCommit commit, OutputReceiver<DeltaCommit> out) {
      if (commit.table().equals(rootTable)) {
        written.inc(commit.rows());
        active.update(System.currentTimeMillis());
      }
      out.output(commit);
    }
  }
}
