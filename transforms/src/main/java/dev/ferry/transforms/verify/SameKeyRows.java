package dev.ferry.transforms.verify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rows one key holds in the source and in the target, compared as multisets: equal rows pair
 * off first, then the rest pair as changed, and what is left over is missing or extra. A key is
 * held by several rows when a target was loaded twice in append mode or a source does not enforce
 * its key.
 */
final class SameKeyRows {
  private final List<RowImage> source = new ArrayList<>(1);
  private final List<RowImage> target = new ArrayList<>(1);

  void addSource(RowImage row) {
    source.add(row);
  }

  /**
   * Adds a target row, once every source row of the key is in: an equal source row pairs off with
   * it at once, so only rows that differ stay in memory.
   */
  void addTarget(RowImage row) {
    for (Iterator<RowImage> it = source.iterator(); it.hasNext(); ) {
      if (it.next().sameValues(row)) {
        it.remove();
        return;
      }
    }
    target.add(row);
  }

  /**
   * Names the differences, in column order {@code names}: the rows left pair as changed, the rest
   * are missing or extra. A source row left over whose key is in {@code rejectedKeys} was refused
   * by the target at write, so it is rejected, not missing.
   */
  void name(List<String> names, Set<String> rejectedKeys, Consumer<RowDiff> out) {
    int paired = Math.min(source.size(), target.size());
    for (int i = 0; i < paired; i++) {
      out.accept(RowDiff.changed(source.get(i), target.get(i), names));
    }
    for (int i = paired; i < source.size(); i++) {
      String shown = source.get(i).key();
      out.accept(rejectedKeys.contains(shown) ? RowDiff.rejected(shown) : RowDiff.missing(shown));
    }
    for (int i = paired; i < target.size(); i++) {
      out.accept(RowDiff.extra(target.get(i).key()));
    }
  }
}
