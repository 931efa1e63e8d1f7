package dev.ferry.transforms.validate;

import dev.ferry.transforms.deadletter.FailedRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * A table's {@code unique} rules, one {@link RejectDuplicates} each, in rule order: {@link #VALID}
 * rows passed them all, {@link #FAILED} holds every duplicate they rejected. The one place a load
 * (PostgreSQL, silver) and a verify of its source apply them, so all three keep the same rows.
 */
public final class KeepUnique extends PTransform<PCollection<Row>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<Row> VALID = new TupleTag<>() {};
  public static final TupleTag<FailedRow> FAILED = new TupleTag<>() {};

  private final String table;
  private final List<ColumnRule> rules;
  private final List<String> orderColumns;

  private KeepUnique(String table, List<ColumnRule> rules, List<String> orderColumns) {
    this.table = table;
    this.rules = rules;
    this.orderColumns = orderColumns;
  }

  /**
   * The {@code unique} ones of {@code rules} of {@code table}; the first row by {@code
   * orderColumns} (normally the primary key) keeps a value.
   */
  public static KeepUnique of(String table, List<ColumnRule> rules, List<String> orderColumns) {
    return new KeepUnique(
        table, rules.stream().filter(ColumnRule::unique).toList(), List.copyOf(orderColumns));
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> rows) {
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    PCollection<Row> kept = rows;
    for (ColumnRule unique : rules) {
      PCollectionTuple deduplicated =
          kept.apply(
              "Unique " + unique.column(),
              RejectDuplicates.on(table, List.of(unique.column()), orderColumns));
      failures.add(deduplicated.get(RejectDuplicates.FAILED));
      kept = deduplicated.get(RejectDuplicates.VALID);
    }
    PCollection<FailedRow> rejected =
        failures.isEmpty()
            ? rows.getPipeline().apply("No rule", Create.empty(FailedRow.CODER))
            : PCollectionList.of(failures).apply("Duplicates", Flatten.pCollections());
    return PCollectionTuple.of(VALID, kept).and(FAILED, rejected);
  }
}
