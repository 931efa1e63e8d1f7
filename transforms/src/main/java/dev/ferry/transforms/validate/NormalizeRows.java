package dev.ferry.transforms.validate;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.steps.RowStep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
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
 * Cleans text columns of one table with {@link Normalization} steps before rules see them. Only
 * STRING columns take steps: JSON, UUID and bytes have meaning in every character. A row nothing
 * changes in goes to {@link #VALID} as the same object; a row where {@code empty_to_null} would put
 * NULL into a NOT NULL column goes to {@link #FAILED} (stage {@code normalize}) rather than fail
 * later at the target.
 *
 * <pre>{@code
 * PCollectionTuple out =
 *     rows.apply("NormalizeCustomers", NormalizeRows.with("customers", table.columns(),
 *         Map.of("name", List.of(Normalization.TRIM, Normalization.EMPTY_TO_NULL))));
 * }</pre>
 */
public final class NormalizeRows extends PTransform<PCollection<Row>, PCollectionTuple> {

  /** Rows after normalization, with the input's schema. */
  public static final TupleTag<Row> VALID = new TupleTag<Row>() {};

  /** Rows a step would have made invalid, with their original values. */
  public static final TupleTag<FailedRow> FAILED = new TupleTag<FailedRow>() {};

  private final String table;
  private final List<ColumnSteps> steps;

  /** The steps for one column, in the order they run, and whether the column takes NULL. */
  record ColumnSteps(String column, boolean nullable, EnumSet<Normalization> steps)
      implements Serializable {}

  private NormalizeRows(String table, List<ColumnSteps> steps) {
    this.table = table;
    this.steps = steps;
  }

  /**
   * Normalizes rows of {@code table}, whose {@code columns} say which are text and which are NOT
   * NULL.
   *
   * @param steps the steps per column name; their order in each list does not matter
   * @throws IllegalArgumentException in one line for a column the table lacks or one not of text
   */
  public static NormalizeRows with(
      String table, List<Column> columns, Map<String, List<Normalization>> steps) {
    Objects.requireNonNull(table, "table");
    List<String> names = columns.stream().map(Column::name).toList();
    for (String name : steps.keySet()) {
      Column column = columns.get(ColumnLookup.indexOf("normalization for", table, names, name));
      if (column.type().kind() != ColumnType.Kind.STRING) {
        throw new IllegalArgumentException(
            "normalization for "
                + table
                + "."
                + name
                + ": only text columns take normalization steps, and "
                + name
                + " is "
                + column.type());
      }
    }
    List<ColumnSteps> resolved = new ArrayList<>();
    for (Column column : columns) {
      List<Normalization> list = steps.get(column.name());
      if (list != null && !list.isEmpty()) {
        resolved.add(
            new ColumnSteps(column.name(), column.nullable(), Normalization.inOrder(list)));
      }
    }
    return new NormalizeRows(table, List.copyOf(resolved));
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> input) {
    Schema schema = input.getSchema();
    for (ColumnSteps s : steps) {
      int i = ColumnLookup.indexOf("normalization for", table, schema.getFieldNames(), s.column());
      if (schema.getField(i).getType().getTypeName() != Schema.TypeName.STRING) {
        throw new IllegalArgumentException(
            "normalization for "
                + table
                + "."
                + s.column()
                + ": the input field is "
                + schema.getField(i).getType()
                + ", not text");
      }
    }
    PCollectionTuple out =
        input.apply(
            "ApplySteps",
            ParDo.of(new NormalizeFn(table, steps)).withOutputTags(VALID, TupleTagList.of(FAILED)));
    out.get(VALID).setRowSchema(schema);
    out.get(FAILED).setCoder(FailedRow.CODER);
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("table", table))
        .add(
            DisplayData.item(
                    "steps",
                    steps.stream()
                        .map(s -> s.column() + "=" + s.steps())
                        .collect(Collectors.joining(" ")))
                .withLabel("Normalization steps"));
  }

  /** The normalization as a per-row step, for a fused load. */
  public RowStep step() {
    return new NormalizeFn(table, steps);
  }

  /** Applies each column's steps; fails the row when one would put NULL into NOT NULL. */
  static final class NormalizeFn extends DoFn<Row, Row> implements RowStep {
    private final String table;
    private final List<ColumnSteps> steps;

    NormalizeFn(String table, List<ColumnSteps> steps) {
      this.table = table;
      this.steps = steps;
    }

    @Override
    public String stage() {
      return FailedRow.NORMALIZE;
    }

    @Override
    public Row apply(Row row, List<String> problems) {
      return normalize(row, problems);
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      List<String> problems = new ArrayList<>();
      Row normalized = normalize(row, problems);
      if (problems.isEmpty()) {
        out.get(VALID).output(normalized);
      } else {
        out.get(FAILED)
            .output(FailedRow.of(table, FailedRow.NORMALIZE, String.join("; ", problems), row));
      }
    }

    /**
     * The normalized row, or {@code row} itself when no value changes; adds a reason to {@code
     * problems} for each NOT NULL column a step would empty.
     */
    Row normalize(Row row, List<String> problems) {
      Map<String, Object> changes = null;
      for (ColumnSteps s : steps) {
        String before = row.getString(s.column());
        if (before == null) {
          continue;
        }
        String after = Normalization.applyAll(s.steps(), before);
        if (after == null && !s.nullable()) {
          problems.add(s.column() + ": empty text became NULL but the column is NOT NULL");
        } else if (!before.equals(after)) {
          if (changes == null) {
            changes = new HashMap<>();
          }
          changes.put(s.column(), after);
        }
      }
      return changes == null ? row : Row.fromRow(row).withFieldValues(changes).build();
    }
  }
}
