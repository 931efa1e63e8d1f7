package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.convert.LakeNames;
import dev.ferry.schemas.inventory.Column;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the small data files a run wrote, before they are committed: a table loaded by many
 * parallel key ranges would otherwise get one small file per range in every partition. Files
 * smaller than half the target size ({@link DeltaTableSpec#targetFileBytes()}) are packed, per
 * partition, into bins of at most the target size; each bin of two or more files becomes one file
 * whose row groups are the inputs' row groups, copied without decoding a row ({@link
 * RowGroupCopy}), and whose statistics are combined from theirs ({@link CombinedStats}). Larger
 * files are left as they are. Only files of this run are touched: committed files are never
 * rewritten.
 *
 * <p>Why half the target: a merge now costs reading and writing the bytes once, so every file that
 * can still share a bin with another is worth merging, and a file of half the target or more could
 * only share one with files that together are smaller than itself. Packing smallest first leaves
 * every bin but a partition's last above half the target. The merged file keeps the inputs' row
 * groups as they were, so many tiny inputs give a file of many small row groups: still one file to
 * list and open instead of many.
 *
 * <pre>{@code
 * FileCompaction compaction = FileCompaction.of(writer);
 * committer.append(compaction.compact(files)); // the merged inputs are already deleted
 * }</pre>
 *
 * <p>{@link CompactDeltaFiles} does the same inside a pipeline, one bin per worker.
 */
public final class FileCompaction implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DeltaTableSpec spec;
  private final List<Column> partitionColumns;

  private FileCompaction(DeltaTableSpec spec, List<Column> partitionColumns) {
    this.spec = spec;
    this.partitionColumns = List.copyOf(partitionColumns);
  }

  /** Compacts files {@code writer} wrote. */
  public static FileCompaction of(DeltaTableWriter writer) {
    return of(writer.spec(), writer.partitionColumns());
  }

  /** Compacts files written for {@code spec}, partitioned as {@code partitionColumns} declare. */
  public static FileCompaction of(DeltaTableSpec spec, List<Column> partitionColumns) {
    return new FileCompaction(spec, partitionColumns);
  }

  /**
   * Merges every bin of {@link #bins} and returns the files to commit in place of {@code files}:
   * merged files and the files left as they were. The merged inputs are deleted.
   */
  public List<DeltaFile> compact(List<DeltaFile> files) {
    List<DeltaFile> result = new ArrayList<>();
    List<DeltaFile> merged = new ArrayList<>();
    for (List<DeltaFile> bin : bins(files)) {
      if (bin.size() == 1) {
        result.add(bin.get(0));
      } else {
        result.add(merge(bin));
        merged.addAll(bin);
      }
    }
    CommitFn.delete(merged);
    return result;
  }

  /**
   * The files grouped for merging: each bin holds files of one partition; a bin of one file stays
   * as it is. Small files are packed smallest first, so every bin but a partition's last is more
   * than half the target size.
   */
  public List<List<DeltaFile>> bins(Collection<DeltaFile> files) {
    Map<String, List<DeltaFile>> byPartition = new LinkedHashMap<>();
    for (DeltaFile f : files) {
      byPartition.computeIfAbsent(partitionOf(f), k -> new ArrayList<>()).add(f);
    }
    List<List<DeltaFile>> bins = new ArrayList<>();
    for (List<DeltaFile> partition : byPartition.values()) {
      bins.addAll(binsOfOnePartition(partition));
    }
    return bins;
  }

  /**
   * Writes the rows of {@code bin}, files of one partition, to one new file by copying their row
   * groups ({@link RowGroupCopy}). The inputs are left in place: delete them once the new file is
   * committed.
   */
  public DeltaFile merge(List<DeltaFile> bin) {
    List<String> partitionNames = DeltaSchemas.partitionNames(spec.columns(), partitionColumns);
    Map<String, String> partition = bin.get(0).partitionValues();
    List<String> values = partitionNames.stream().map(partition::get).toList();
    List<String> lakeNames = LakeNames.of(spec.columns().stream().map(Column::name).toList());
    try {
      return RowGroupCopy.concat(
          PartFile.newLocation(spec, partitionColumns, values), bin, spec.columns(), lakeNames);
    } catch (IOException | RuntimeException e) {
      throw DeltaErrors.cannotWrite(spec.path(), e);
    }
  }

  /** The partition a file belongs to: its directory relative to the table root. */
  static String partitionOf(DeltaFile file) {
    return file.path().substring(0, file.path().lastIndexOf('/') + 1);
  }

  private List<List<DeltaFile>> binsOfOnePartition(List<DeltaFile> files) {
    long target = spec.targetFileBytes();
    List<List<DeltaFile>> bins = new ArrayList<>();
    List<DeltaFile> small = new ArrayList<>();
    for (DeltaFile f : files) {
      if (f.size() * 2 < target) {
        small.add(f);
      } else {
        bins.add(List.of(f));
      }
    }
    small.sort(Comparator.comparingLong(DeltaFile::size));
    List<DeltaFile> bin = new ArrayList<>();
    long binBytes = 0;
    for (DeltaFile f : small) {
      if (!bin.isEmpty() && binBytes + f.size() > target) {
        bins.add(List.copyOf(bin));
        bin.clear();
        binBytes = 0;
      }
      bin.add(f);
      binBytes += f.size();
    }
    if (!bin.isEmpty()) {
      bins.add(List.copyOf(bin));
    }
    return bins;
  }
}
