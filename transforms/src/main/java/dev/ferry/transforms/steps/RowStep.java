package dev.ferry.transforms.steps;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * One per-row step of a table's load (normalize, validate, stamp), as a plain function. The
 * transforms ({@code NormalizeRows}, {@code ValidateRows}, {@code AddIngestColumns}) apply one step
 * each; a fused load applies them in a row's single pass from source to file, which is what keeps
 * memory flat on the DirectRunner (it neither fuses steps nor pushes back on fast readers).
 */
public interface RowStep extends Serializable {

  /** The {@code FailedRow} stage a row rejected here is reported under. */
  String stage();

  /**
   * The row to pass on (the input itself when nothing changes). A reason added to {@code problems}
   * rejects the row, with the input's values as the original.
   */
  Row apply(Row row, List<String> problems);
}
