package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * The chunks a table is compared in, and which chunk a row belongs to: the key range holding its
 * split key's value, or the one whole-table chunk when the sides are not read on the same ranges.
 *
 * @param ranges ascending and contiguous ({@link DigestRanges#covering}), or one whole-table range
 * @param splitColumn the split key's position in the row, or -1 for the whole-table chunk
 */
public record Chunks(List<KeyRange> ranges, int splitColumn) implements Serializable {

  public Chunks {
    ranges = List.copyOf(ranges);
  }

  /** The one whole-table chunk. */
  public static Chunks whole() {
    return new Chunks(List.of(KeyRange.whole()), -1);
  }

  public List<KeyRange> all() {
    return ranges;
  }

  /**
   * The chunk of {@code row}. A NULL split key (no integer key can be NULL in a range read) or one
   * outside every range goes to the first chunk, where it still counts.
   */
  public KeyRange of(Row row) {
    if (splitColumn < 0 || ranges.size() == 1) {
      return ranges.get(0);
    }
    Object v = row.getValue(splitColumn);
    if (!(v instanceof Number n)) {
      return ranges.get(0);
    }
    long key = n.longValue();
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      KeyRange r = ranges.get(mid);
      if (key < r.from()) {
        hi = mid - 1;
      } else if (key > r.to()) {
        lo = mid + 1;
      } else {
        return r;
      }
    }
    return ranges.get(0);
  }
}
