package dev.ferry.transforms.steps;

import dev.ferry.transforms.deadletter.FailedRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.Row;

/**
 * A table's steps applied in order to one row at a time, as a fused load and a verify read apply
 * them: the first step that rejects a row ends its passage with one {@link FailedRow} holding the
 * reasons and the values as that step saw them. Not thread-safe; make one per bundle or range.
 */
public final class RowSteps {

  private final String table;
  private final List<RowStep> steps;
  private final List<String> problems = new ArrayList<>();

  public RowSteps(String table, List<RowStep> steps) {
    this.table = table;
    this.steps = steps;
  }

  /** The row after every step, or null when a step rejected it and {@code failures} got why. */
  public Row apply(Row row, Consumer<FailedRow> failures) {
    Row current = row;
    for (RowStep step : steps) {
      Row next = step.apply(current, problems);
      if (!problems.isEmpty()) {
        failures.accept(FailedRow.of(table, step.stage(), String.join("; ", problems), current));
        problems.clear();
        return null;
      }
      current = next;
    }
    return current;
  }
}
