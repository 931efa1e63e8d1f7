package dev.ferry.pipelines.verify;

import dev.ferry.transforms.verify.RowDiff;
import java.util.List;
import java.util.Map;

/**
 * What verify found for one table.
 *
 * @param sourceRows rows the load writes from the source (read, normalized and validated)
 * @param rejected source rows the load rejects (its dead letters): not expected in the target
 * @param rejectedAtWrite source rows missing in the target because the target refused them when the
 *     load wrote them (in its dead letters): accounted for, not missing
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
    long rejectedAtWrite,
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

  /**
   * Whether the target holds exactly the source's rows the load wrote. Differing chunks are equal
   * when their only difference is rows the target refused at the write (its dead letters).
   */
  public boolean equal() {
    return problem == null
        && targetUnreadable == 0
        && orphans == 0
        && rowsDiffering() == 0
        && (chunksDiffering == 0 || rejectedAtWrite > 0);
  }

  /** Rows the load rejected, before or at the write: its dead letters. */
  public long allRejected() {
    return rejected + rejectedAtWrite;
  }

  /** One word or two for the table's line. */
  public String verdict() {
    if (problem != null) {
      return "NOT COMPARED";
    }
    if (orphans > 0 && rowsDiffering() == 0 && targetUnreadable == 0) {
      return "ORPHANS";
    }
    return equal() ? "equal" : "DIFFERS";
  }
}
