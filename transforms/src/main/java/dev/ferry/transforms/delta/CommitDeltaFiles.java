package dev.ferry.transforms.delta;

import dev.ferry.schemas.inventory.Column;
import java.util.List;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Commits every data file written for one table in this run as one Delta commit (or none, when the
 * run's transaction id was already committed). An empty input still commits, so an empty source
 * table becomes an empty Delta table with its schema. Small files are merged first ({@link
 * CompactDeltaFiles}), so a table loaded by many parallel ranges gets about one file per partition
 * and target size. The merged inputs are deleted by the commit step, whatever its outcome: by then
 * their rows are in the files it commits (or deletes).
 */
public final class CommitDeltaFiles
    extends PTransform<PCollection<DeltaFile>, PCollection<DeltaCommit>> {
  private static final long serialVersionUID = 1L;

  private final DeltaTableSpec spec;
  private final List<Column> partitionColumns;

  private CommitDeltaFiles(DeltaTableSpec spec, List<Column> partitionColumns) {
    this.spec = spec;
    this.partitionColumns = List.copyOf(partitionColumns);
  }

  public static CommitDeltaFiles of(DeltaTableSpec spec, List<Column> partitionColumns) {
    return new CommitDeltaFiles(spec, partitionColumns);
  }

  @Override
  public PCollection<DeltaCommit> expand(PCollection<DeltaFile> files) {
    PCollectionTuple compacted =
        files.apply("Compact", CompactDeltaFiles.of(spec, partitionColumns));
    PCollectionView<List<DeltaFile>> merged =
        compacted.get(CompactDeltaFiles.MERGED).apply("MergedFiles", View.asList());
    return compacted
        .get(CompactDeltaFiles.FILES)
        .apply("CollectFiles", Combine.globally(new CollectFiles()))
        .setCoder(CollectFiles.LIST_CODER)
        .apply(
            "Commit", ParDo.of(new CommitFn(spec, partitionColumns, merged)).withSideInputs(merged))
        .setCoder(DeltaCommit.CODER);
  }
}
