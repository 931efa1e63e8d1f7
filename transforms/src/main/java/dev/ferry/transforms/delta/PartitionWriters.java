package dev.ferry.transforms.delta;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.values.Row;

/**
 * The open data files of one bundle, one per partition value, at most {@link #MAX_OPEN} at a time:
 * when another partition needs a file, the least recently written one is closed. Files roll over at
 * the target size. Memory stays bounded by {@code MAX_OPEN} row groups however many partitions and
 * rows a bundle holds.
 */
final class PartitionWriters {

  static final int MAX_OPEN = 8;

  /** Opens the file for one partition's values. */
  interface Opener {
    PartFile open(List<String> partitionValues) throws IOException;
  }

  private final Opener opener;
  private final long targetFileBytes;
  private final Map<List<String>, PartFile> open = new LinkedHashMap<>(16, 0.75f, true);
  private final List<DeltaFile> closed = new ArrayList<>();

  PartitionWriters(Opener opener, long targetFileBytes) {
    this.opener = opener;
    this.targetFileBytes = targetFileBytes;
  }

  /**
   * Writes {@code row} to its partition's file.
   *
   * @return how many files are open afterwards
   */
  int write(List<String> partition, Row row) throws IOException {
    PartFile file = open.get(partition);
    if (file == null) {
      if (open.size() >= MAX_OPEN) {
        Iterator<PartFile> eldest = open.values().iterator();
        closed.add(eldest.next().close());
        eldest.remove();
      }
      file = opener.open(partition);
      open.put(partition, file);
    }
    file.write(row);
    if (file.dataSize() >= targetFileBytes) {
      open.remove(partition);
      closed.add(file.close());
    }
    return open.size();
  }

  /** Closes every open file and returns all files finished since the last call. */
  List<DeltaFile> finish() throws IOException {
    for (Iterator<PartFile> it = open.values().iterator(); it.hasNext(); ) {
      closed.add(it.next().close());
      it.remove();
    }
    List<DeltaFile> done = List.copyOf(closed);
    closed.clear();
    return done;
  }

  /** Gives up on this bundle's files (it failed and will be retried): they are deleted. */
  void abort() {
    open.values().forEach(PartFile::abort);
    open.clear();
    try {
      FileSystems.delete(
          closed.stream().map(f -> FileSystems.matchNewResource(f.location(), false)).toList(),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      // Uncommitted files are invisible to Delta readers; leaving them behind loses nothing.
    }
    closed.clear();
  }
}
