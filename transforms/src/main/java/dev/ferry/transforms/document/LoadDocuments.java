package dev.ferry.transforms.document;

import dev.ferry.schemas.document.FlattenPlan;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.MongoRangeReader;
import dev.ferry.transforms.steps.RowStep;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.mongodb.LoginMongoDbSource;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.bson.RawBsonDocument;

/**
 * A collection's documents into their tables in one pass: each document is flattened, its rows go
 * through their table's steps (normalize, validate) and the document's checks across rows, and the
 * whole document is handed to the sink. A document that fails anywhere becomes one {@link
 * FailedRow} (stage {@code flatten}, {@code normalize}, {@code validate} or {@code write}; the
 * original document as relaxed Extended JSON), never part of one.
 *
 * <pre>{@code
 * LoadDocuments<WrittenBatch> load =
 *     LoadDocuments.of(plan)
 *         .withSteps(Map.of("installments", steps))
 *         .withChecks(Map.of("installments", ascendingDueDates))
 *         .into(postgresSink, WrittenBatch.CODER);
 * PCollectionTuple out = documents.apply("Load contracts", load);
 * out.get(load.results()); // what the sink made durable
 * out.get(LoadDocuments.FAILED);
 * }</pre>
 *
 * <p>Fused, so memory holds one sink batch per worker whatever the collection's size. Documents are
 * counted under {@code TableMetrics.documents(collection)}: read by the reader, written by the
 * sink, rejected by the dead-letter writer.
 */
public final class LoadDocuments<T>
    extends PTransform<PCollection<RawBsonDocument>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  private final FlattenPlan plan;
  private final Map<String, List<RowStep>> steps;
  private final Map<String, RowsCheck> checks;
  private final DocumentSink<T> sink;
  private final Coder<T> coder;
  private final TupleTag<T> results = new TupleTag<>() {};

  private LoadDocuments(
      FlattenPlan plan,
      Map<String, List<RowStep>> steps,
      Map<String, RowsCheck> checks,
      DocumentSink<T> sink,
      Coder<T> coder) {
    this.plan = plan;
    this.steps = Map.copyOf(steps);
    this.checks = Map.copyOf(checks);
    this.sink = sink;
    this.coder = coder;
  }

  /** Starts a load of {@code plan}'s collection; finish it with {@link Builder#into}. */
  public static Builder of(FlattenPlan plan) {
    return new Builder(plan, Map.of(), Map.of());
  }

  /** The tag of what the sink hands on. */
  public TupleTag<T> results() {
    return results;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawBsonDocument> documents) {
    PCollectionTuple out =
        documents.apply(
            "Flatten, check and write",
            ParDo.of(new LoadDocumentsFn<>(pass(), results, FAILED))
                .withOutputTags(results, TupleTagList.of(FAILED)));
    out.get(results).setCoder(coder);
    out.get(FAILED).setCoder(FailedRow.CODER);
    return out;
  }

  private DocumentPass<T> pass() {
    return new DocumentPass<>(plan, steps, checks, sink);
  }

  /**
   * The same load over a collection's {@code _id} ranges ({@code ReadMongoCollection.ranges()}),
   * each read inside the load as it writes: the way to load a collection of any size with flat
   * memory. Its outputs are this transform's: {@link #results()} and {@link #FAILED}.
   */
  public PTransform<PCollection<LoginMongoDbSource>, PCollectionTuple> fromRanges() {
    LoadDocuments<T> load = this;
    return new PTransform<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public PCollectionTuple expand(PCollection<LoginMongoDbSource> ranges) {
        PCollectionTuple out =
            ranges.apply(
                "Read, flatten, check and write",
                ParDo.of(
                        new LoadRangesFn<>(
                            MongoRangeReader.of(plan.collection()), pass(), results, FAILED))
                    .withOutputTags(results, TupleTagList.of(FAILED)));
        out.get(results).setCoder(coder);
        out.get(FAILED).setCoder(FailedRow.CODER);
        return out;
      }

      @Override
      public void populateDisplayData(DisplayData.Builder builder) {
        load.populateDisplayData(builder);
      }
    };
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("collection", plan.collection()))
        .add(
            DisplayData.item(
                "tables", String.join(", ", plan.tables().stream().map(t -> t.name()).toList())))
        .add(DisplayData.item("sink", sink.describe()));
  }

  /** The steps and checks of a load, before its sink is known. */
  public static final class Builder {
    private final FlattenPlan plan;
    private final Map<String, List<RowStep>> steps;
    private final Map<String, RowsCheck> checks;

    private Builder(
        FlattenPlan plan, Map<String, List<RowStep>> steps, Map<String, RowsCheck> checks) {
      this.plan = plan;
      this.steps = steps;
      this.checks = checks;
    }

    /** Per table of the plan, the steps each of its rows goes through, in order. */
    public Builder withSteps(Map<String, List<RowStep>> perTable) {
      requireTables(perTable.keySet());
      return new Builder(plan, perTable, checks);
    }

    /** Per table of the plan, a check of each document's rows in that table together. */
    public Builder withChecks(Map<String, RowsCheck> perTable) {
      requireTables(perTable.keySet());
      return new Builder(plan, steps, perTable);
    }

    /** The same steps and checks with no sink: each document's rows handed on per table. */
    public CheckDocuments checked() {
      return new CheckDocuments(plan, steps, checks);
    }

    public <T> LoadDocuments<T> into(DocumentSink<T> sink, Coder<T> coder) {
      return new LoadDocuments<>(plan, steps, checks, sink, coder);
    }

    private void requireTables(java.util.Set<String> names) {
      for (String name : names) {
        if (plan.table(name).isEmpty()) {
          throw new IllegalArgumentException(
              "table " + name + " is not one of collection " + plan.collection() + "'s tables");
        }
      }
    }
  }
}
