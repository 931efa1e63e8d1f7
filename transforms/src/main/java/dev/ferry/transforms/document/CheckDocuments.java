package dev.ferry.transforms.document;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.document.FlattenPlan;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.MongoRangeReader;
import dev.ferry.transforms.steps.RowStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.mongodb.LoginMongoDbSource;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * A collection's {@code _id} ranges read, each document flattened and through the same steps and
 * checks as {@link LoadDocuments}, its rows handed on per table instead of written: the rows a load
 * with the same steps gives its sink, for {@code ferry verify} to compare with the target. A
 * document rejected anywhere is one {@link FailedRow} on {@link LoadDocuments#FAILED}, and none of
 * its rows is handed on. Streams: nothing is held beyond one document.
 *
 * <pre>{@code
 * CheckDocuments check = DocumentSteps.of(job, collection).checked();
 * PCollectionTuple out = ranges.apply("Check contracts", check);
 * PCollection<Row> clients = out.get(check.rows("clients"));
 * out.get(LoadDocuments.FAILED);
 * }</pre>
 */
public final class CheckDocuments
    extends PTransform<PCollection<LoginMongoDbSource>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  private final FlattenPlan plan;
  private final Map<String, List<RowStep>> steps;
  private final Map<String, RowsCheck> checks;
  private final Map<String, TupleTag<Row>> tags = new LinkedHashMap<>();

  CheckDocuments(
      FlattenPlan plan, Map<String, List<RowStep>> steps, Map<String, RowsCheck> checks) {
    this.plan = plan;
    this.steps = Map.copyOf(steps);
    this.checks = Map.copyOf(checks);
    for (Table t : plan.tables()) {
      tags.put(t.name(), new TupleTag<Row>(plan.collection() + "/" + t.name()) {});
    }
  }

  /** The tag of {@code table}'s rows; the table must be one of the plan's. */
  public TupleTag<Row> rows(String table) {
    TupleTag<Row> tag = tags.get(table);
    if (tag == null) {
      throw new IllegalArgumentException(
          "table " + table + " is not one of collection " + plan.collection() + "'s tables");
    }
    return tag;
  }

  @Override
  public PCollectionTuple expand(PCollection<LoginMongoDbSource> ranges) {
    PCollectionTuple out =
        ranges.apply(
            "Read, flatten and check",
            ParDo.of(
                    new CheckRangesFn(
                        MongoRangeReader.of(plan.collection()),
                        new DocumentPass<Void>(plan, steps, checks, null),
                        tags,
                        LoadDocuments.FAILED))
                .withOutputTags(LoadDocuments.FAILED, TupleTagList.of(List.copyOf(tags.values()))));
    out.get(LoadDocuments.FAILED).setCoder(FailedRow.CODER);
    for (Table t : plan.tables()) {
      out.get(tags.get(t.name())).setRowSchema(BeamSchemas.of(t.columns()));
    }
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("collection", plan.collection()))
        .add(DisplayData.item("tables", String.join(", ", tags.keySet())));
  }
}
