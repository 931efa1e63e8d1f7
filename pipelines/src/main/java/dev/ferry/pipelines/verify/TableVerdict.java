package dev.ferry.pipelines.verify;

import dev.ferry.transforms.verify.RowDiff;
import java.util.List;
import java.util.Map;

/**
 * What verify found for one table.
 *
 * @param sourceRows rows the load writes from the source (read, normalized and validated)
 * @param rejected source rows the load rejects (its dead letters): not expected in the target
 * @param targetRows rows in the target
 * @param targetUnreadable target rows ferry cannot read back
 * @param chunks chunks compared; {@code chunksDiffering} of them differ
 * @param missing keys in the source, not the target; {@code extra} the other way round
 * @param changed keys on both sides with other values; {@code changedColumns} how often per column
 * @param orphans target rows of this table whose foreign key finds no parent
 * @param problem why the table could not be compared (no such table in the target), or null
 * @param samples a few differences of each kind, smallest keys first
 */
public record TableVerdict(
    String table,
    long sourceRows,
    long rejected,
    long targetRows,
    long targetUnreadable,
    long chunks,
    long chunksDiffering,
    long missing,
    long extra,
    long changed,
    Map<String, Long> changedColumns,
    long orphans,
    String problem,
    List<RowDiff> samples) {

  public TableVerdict {
    changedColumns = Map.copyOf(changedColumns);
    samples = List.copyOf(samples);
  }

  /** Rows that differ by key: missing, extra or changed. */
  public long rowsDiffering() {
    return missing + extra + changed;
  }

  public boolean equal() {
    return problem == null && chunksDiffering == 0 && orphans == 0 && targetUnreadable == 0;
  }

  /** One word or two for the table's line. */
  public String verdict() {
    if (problem != null) {
      return "NOT COMPARED";
    }
    if (chunksDiffering > 0 || targetUnreadable > 0) {
      return "DIFFERS";
    }
    return orphans > 0 ? "ORPHANS" : "equal";
  }
}
