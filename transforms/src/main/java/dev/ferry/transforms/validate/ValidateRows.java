package dev.ferry.transforms.validate;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.steps.RowStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Checks each row of one table against the table's {@link ColumnRule}s. A row that passes goes to
 * {@link #VALID} unchanged; a row that breaks any rule goes to {@link #FAILED} once, with a reason
 * naming every broken rule, so a person fixes the source in one pass. Element-wise: no grouping, no
 * state, any size.
 *
 * <pre>{@code
 * PCollectionTuple out =
 *     rows.apply("ValidateOrders", ValidateRows.with("orders", List.of(
 *         ColumnRule.of("quantity").withMin("1"),
 *         ColumnRule.of("email").withRegex("[^@]+@[^@]+"))));
 * out.get(ValidateRows.VALID); // same schema as rows
 * out.get(ValidateRows.FAILED); // FailedRow, stage "validate"
 * }</pre>
 *
 * <p>The {@code unique} part of a rule needs all rows at once; {@link RejectDuplicates} does it.
 * The {@code ascending} part compares the rows of one document's array; {@link AscendingCheck} does
 * it.
 */
public final class ValidateRows extends PTransform<PCollection<Row>, PCollectionTuple> {

  /** Rows that pass every rule, with the input's schema. */
  public static final TupleTag<Row> VALID = new TupleTag<Row>() {};

  /** Rows that break at least one rule, one {@link FailedRow} each. */
  public static final TupleTag<FailedRow> FAILED = new TupleTag<FailedRow>() {};

  private final String table;
  private final List<ColumnRule> rules;

  private ValidateRows(String table, List<ColumnRule> rules) {
    this.table = table;
    this.rules = rules;
  }

  /** Validates rows of {@code table}; rules are checked against the input schema in expand. */
  public static ValidateRows with(String table, List<ColumnRule> rules) {
    return new ValidateRows(Objects.requireNonNull(table, "table"), List.copyOf(rules));
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> input) {
    Schema schema = input.getSchema();
    rules.forEach(r -> RuleCheck.compile(table, r, schema));
    PCollectionTuple out =
        input.apply(
            "CheckRules",
            ParDo.of(new ValidateFn(table, rules, schema))
                .withOutputTags(VALID, TupleTagList.of(FAILED)));
    out.get(VALID).setRowSchema(schema);
    out.get(FAILED).setCoder(FailedRow.CODER);
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("table", table))
        .add(DisplayData.item("rules", rules.size()).withLabel("Column rules"));
  }

  /** The rules as a per-row step over rows of {@code schema}, for a fused load. */
  public RowStep step(Schema schema) {
    rules.forEach(r -> RuleCheck.compile(table, r, schema));
    return new ValidateFn(table, rules, schema);
  }

  /** Sends each row to VALID or, with every broken rule in one reason, to FAILED. */
  static final class ValidateFn extends DoFn<Row, Row> implements RowStep {
    private final String table;
    private final List<ColumnRule> rules;
    private final Schema schema;
    private transient List<RuleCheck> checks;

    ValidateFn(String table, List<ColumnRule> rules, Schema schema) {
      this.table = table;
      this.rules = rules;
      this.schema = schema;
    }

    /** Compiles patterns and parses bounds once per instance, not once per row. */
    @Setup
    public void setup() {
      List<RuleCheck> compiled = new ArrayList<>();
      for (ColumnRule rule : rules) {
        compiled.add(RuleCheck.compile(table, rule, schema));
      }
      checks = compiled;
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      List<String> broken = brokenRules(row);
      if (broken.isEmpty()) {
        out.get(VALID).output(row);
      } else {
        out.get(FAILED)
            .output(FailedRow.of(table, FailedRow.VALIDATE, String.join("; ", broken), row));
      }
    }

    @Override
    public String stage() {
      return FailedRow.VALIDATE;
    }

    @Override
    public Row apply(Row row, List<String> problems) {
      problems.addAll(brokenRules(row));
      return row;
    }

    /** One reason per broken part of a rule, in rule order; empty when the row is valid. */
    List<String> brokenRules(Row row) {
      if (checks == null) {
        setup();
      }
      List<String> broken = new ArrayList<>();
      for (RuleCheck check : checks) {
        check.check(row, broken);
      }
      return broken;
    }
  }
}
