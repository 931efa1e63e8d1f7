package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.metrics.TableMetrics;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Commits all data files of a run to the Delta log in one transaction ({@link DeltaCommitter}: an
 * append or the spec's replace), creating the table on first write, and counts what it committed.
 * With a transaction id, a version already committed is not committed again: this run's files are
 * deleted and the commit is reported as skipped.
 */
final class CommitFn extends DoFn<List<DeltaFile>, DeltaCommit> {

  private final DeltaTableSpec spec;
  private final List<Column> partitionColumns;
  private final PCollectionView<List<DeltaFile>> merged;

  /**
   * @param merged the files {@link CompactDeltaFiles} merged into the ones to commit: deleted here
   *     in any case, as no retry of this step reads them again
   */
  CommitFn(
      DeltaTableSpec spec, List<Column> partitionColumns, PCollectionView<List<DeltaFile>> merged) {
    this.spec = spec;
    this.partitionColumns = List.copyOf(partitionColumns);
    this.merged = merged;
  }

  @ProcessElement
  public void processElement(ProcessContext context) {
    try {
      commitAndCount(context.element(), context::output);
    } finally {
      delete(context.sideInput(merged));
    }
  }

  private void commitAndCount(List<DeltaFile> files, Consumer<DeltaCommit> out) {
    DeltaCommit commit = DeltaCommitter.of(spec, partitionColumns).commit(files);
    // A skipped run's rows are in the table from the identical earlier commit: count them too.
    String name = spec.metricName();
    TableMetrics.written(name).inc(commit.rows());
    TableMetrics.bytes(name).inc(commit.bytes());
    TableMetrics.activeMillis(name).update(System.currentTimeMillis());
    if (commit.skipped()) {
      TableMetrics.alreadyCommitted(name).inc();
    }
    out.accept(commit);
  }

  /** Deletes files this run wrote but will not commit; any left behind are invisible anyway. */
  static void delete(List<DeltaFile> files) {
    try {
      FileSystems.delete(
          files.stream().map(f -> FileSystems.matchNewResource(f.location(), false)).toList(),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // Delta readers only see committed files, so an orphan costs space, not correctness.
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    spec.populateDisplayData(builder);
  }
}
