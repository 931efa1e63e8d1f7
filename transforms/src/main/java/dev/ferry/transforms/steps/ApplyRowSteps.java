package dev.ferry.transforms.steps;

import dev.ferry.transforms.deadletter.FailedRow;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * A table's row steps over a collection of rows, as one ParDo: {@link #VALID} rows passed them all,
 * {@link #FAILED} holds one failure per row a step rejected. For rows that must go on to a grouping
 * (a {@code unique} rule), where a fused range read cannot carry them.
 */
public final class ApplyRowSteps extends PTransform<PCollection<Row>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<Row> VALID = new TupleTag<>() {};
  public static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  private final String table;
  private final List<RowStep> steps;

  private ApplyRowSteps(String table, List<RowStep> steps) {
    this.table = table;
    this.steps = steps;
  }

  public static ApplyRowSteps of(String table, List<RowStep> steps) {
    return new ApplyRowSteps(table, List.copyOf(steps));
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> rows) {
    Schema schema = rows.getSchema();
    PCollectionTuple out =
        rows.apply(
            "Steps",
            ParDo.of(new StepsFn(table, steps)).withOutputTags(VALID, TupleTagList.of(FAILED)));
    out.get(VALID).setRowSchema(schema);
    out.get(FAILED).setCoder(FailedRow.CODER);
    return out;
  }

  static final class StepsFn extends DoFn<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String table;
    private final List<RowStep> steps;

    StepsFn(String table, List<RowStep> steps) {
      this.table = table;
      this.steps = steps;
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      Row passed = new RowSteps(table, steps).apply(row, f -> out.get(FAILED).output(f));
      if (passed != null) {
        out.get(VALID).output(passed);
      }
    }
  }
}
