package dev.ferry.transforms.validate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The {@code ascending} rules of one table, checked across rows that have an order of their own:
 * the rows one document's array flattens into, in array order. Each rule's values must strictly
 * increase from one row to the next, compared by {@link ValueOrder} (numbers by value, text by
 * {@link String#compareTo}, times chronologically); equal neighbours fail. NULLs are skipped, as
 * are rows the rule's {@code when} does not match, so each value is compared with the last value
 * before it that counts. Positions in the reasons are indexes in the list from 0, a flattened
 * array's {@code _ordinal}.
 *
 * <pre>{@code
 * AscendingCheck order = AscendingCheck.of("installments", schema, rules);
 * List<String> reasons = order.check(installmentsOfOneContract); // empty when in order
 * // "installments.due_date: 2026-03-02T00:00:00Z at position 2 is not after
 * //  2026-04-01T00:00:00Z at position 1"
 * }</pre>
 *
 * <p>Rules without {@code ascending} are left out; their other parts are {@link ValidateRows}'s.
 * Serializable, so a DoFn can hold one; it keeps nothing between calls.
 */
public final class AscendingCheck implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String table;
  private final List<String> columns;
  private final int[] indexes;
  private final RowCondition[] conditions;

  private AscendingCheck(
      String table, List<String> columns, int[] indexes, RowCondition[] conditions) {
    this.table = table;
    this.columns = columns;
    this.indexes = indexes;
    this.conditions = conditions;
  }

  /**
   * The {@code ascending} rules among {@code rules}, read against rows of {@code table} with {@code
   * schema}.
   *
   * @throws IllegalArgumentException in one line when one of them cannot apply (see {@link
   *     ColumnRule#check})
   */
  public static AscendingCheck of(String table, Schema schema, List<ColumnRule> rules) {
    Objects.requireNonNull(table, "table");
    List<ColumnRule> ascending = rules.stream().filter(ColumnRule::ascending).toList();
    List<String> columns = new ArrayList<>();
    int[] indexes = new int[ascending.size()];
    RowCondition[] conditions = new RowCondition[ascending.size()];
    for (int i = 0; i < ascending.size(); i++) {
      ColumnRule rule = ascending.get(i);
      RuleCheck.compile(table, rule, schema);
      columns.add(rule.column());
      indexes[i] = schema.indexOf(rule.column());
      conditions[i] =
          RowCondition.compile(
              "rule for " + table + "." + rule.column() + ": ", table, rule.when(), schema);
    }
    return new AscendingCheck(table, List.copyOf(columns), indexes, conditions);
  }

  /** Whether there is nothing to check: no rule of the table is ascending. */
  public boolean isEmpty() {
    return indexes.length == 0;
  }

  /**
   * One reason per row whose value is not after the one before it, rule by rule; empty when every
   * rule's values increase.
   *
   * @param rows one parent's rows in their order, with the schema given to {@link #of}
   */
  public List<String> check(List<Row> rows) {
    List<String> broken = new ArrayList<>();
    for (int r = 0; r < indexes.length; r++) {
      Object previous = null;
      int previousAt = -1;
      for (int at = 0; at < rows.size(); at++) {
        Row row = rows.get(at);
        Object v = row.getValue(indexes[r]);
        if (v == null || !conditions[r].holds(row)) {
          continue;
        }
        if (previous != null && ValueOrder.compare(v, previous) <= 0) {
          broken.add(
              table
                  + "."
                  + columns.get(r)
                  + ": "
                  + ValueText.shown(v)
                  + " at position "
                  + at
                  + " is not after "
                  + ValueText.shown(previous)
                  + " at position "
                  + previousAt);
        }
        previous = v;
        previousAt = at;
      }
    }
    return broken;
  }
}
