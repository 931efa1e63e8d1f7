package dev.ferry.transforms.delta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Commits the data files of several Delta tables written by one step (such as a {@link
 * DeltaDocumentSink}), each table once: files arrive keyed by their table's name and go to that
 * table's {@link CommitDeltaFiles}. Every table commits, an empty one too, with its own spec's
 * transaction id, so a re-run of the run id appends to none of them.
 *
 * <pre>{@code
 * PCollection<DeltaCommit> commits = files.apply("Commit", CommitDeltaTables.of(sink.writers()));
 * }</pre>
 */
public final class CommitDeltaTables
    extends PTransform<PCollection<KV<String, DeltaFile>>, PCollection<DeltaCommit>> {
  private static final long serialVersionUID = 1L;

  private final List<DeltaTableWriter> writers;

  private CommitDeltaTables(List<DeltaTableWriter> writers) {
    this.writers = List.copyOf(writers);
  }

  /** Commits the tables of {@code writers}, keyed by their specs' table names. */
  public static CommitDeltaTables of(List<DeltaTableWriter> writers) {
    if (writers.isEmpty()) {
      throw new IllegalArgumentException("no tables to commit");
    }
    return new CommitDeltaTables(writers);
  }

  @Override
  public PCollection<DeltaCommit> expand(PCollection<KV<String, DeltaFile>> files) {
    Map<String, Integer> index = new HashMap<>();
    for (DeltaTableWriter w : writers) {
      if (index.putIfAbsent(w.spec().table(), index.size()) != null) {
        throw new IllegalArgumentException("table " + w.spec().table() + " is given twice");
      }
    }
    PCollectionList<KV<String, DeltaFile>> perTable =
        files.apply("By table", Partition.of(writers.size(), new ByTable(index)));
    List<PCollection<DeltaCommit>> commits = new ArrayList<>();
    for (int i = 0; i < writers.size(); i++) {
      DeltaTableWriter w = writers.get(i);
      String name = w.spec().table();
      commits.add(
          perTable
              .get(i)
              .apply("Files of " + name, Values.create())
              .setCoder(DeltaFile.CODER)
              .apply("Commit " + name, CommitDeltaFiles.of(w.spec(), w.partitionColumns())));
    }
    return PCollectionList.of(commits).apply("Commits", Flatten.pCollections());
  }

  /** A file's table by its key; a key no writer has is a bug upstream, not a file to drop. */
  private static final class ByTable implements Partition.PartitionFn<KV<String, DeltaFile>> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Integer> index;

    ByTable(Map<String, Integer> index) {
      this.index = Map.copyOf(index);
    }

    @Override
    public int partitionFor(KV<String, DeltaFile> file, int partitions) {
      Integer i = index.get(file.getKey());
      if (i == null) {
        throw new IllegalStateException(
            "a data file of table " + file.getKey() + ", which is not among " + index.keySet());
      }
      return i;
    }
  }
}
