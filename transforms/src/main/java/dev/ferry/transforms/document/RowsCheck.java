package dev.ferry.transforms.document;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * A check of one document's rows in one table taken together, in array order: what a per-row rule
 * cannot see, such as installments' due dates rising.
 */
public interface RowsCheck extends Serializable {

  /**
   * Adds one reason to {@code problems} per thing {@code rows} break, naming the table and column
   * ({@code installments.due_date: …}); none when they pass.
   */
  void check(List<Row> rows, List<String> problems);
}
