package dev.ferry.transforms.lake;

import dev.ferry.transforms.delta.CursorValues;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Picks each key's latest row among the bronze rows of one silver unit, in two passes over the same
 * files: the first {@link #offer offers} every row's key, cursor and ingest time; the second keeps
 * only the rows {@link #keeps} says won. Only keys are held in memory, never rows, so a unit of a
 * million rows costs about a hundred megabytes whatever its row width.
 *
 * <p>The latest row has the highest cursor value (nulls lowest); ties go to the latest ingest, then
 * to the later file and row, so the same bronze files always give the same winners.
 */
final class LatestRows {

  private final Map<Object, Winner> winners = new HashMap<>();
  private final Map<Integer, BitSet> kept = new HashMap<>();
  private long offered;

  /**
   * One row of pass 1.
   *
   * @param key the row's key values (a single value for a one-column key)
   * @param cursor the row's cursor value, or null (no cursor column, or a NULL value)
   * @param ingestedAt when bronze got the row
   * @param file the index of the row's file in the unit
   * @param position the row's position in its file
   */
  void offer(Object key, Object cursor, Instant ingestedAt, int file, long position) {
    offered++;
    Winner candidate = new Winner(cursor, ingestedAt, file, position);
    winners.merge(key, candidate, (a, b) -> b.beats(a) ? b : a);
  }

  /** Ends pass 1: from here on {@link #keeps} answers. */
  LatestRows decide() {
    for (Winner w : winners.values()) {
      kept.computeIfAbsent(w.file, f -> new BitSet()).set(Math.toIntExact(w.position));
    }
    winners.clear();
    return this;
  }

  /** Whether pass 2 keeps the row at {@code position} of {@code file}. */
  boolean keeps(int file, long position) {
    BitSet rows = kept.get(file);
    return rows != null && rows.get(Math.toIntExact(position));
  }

  /** How many offered rows lost to a later row of the same key. */
  long superseded() {
    return offered - kept.values().stream().mapToLong(BitSet::cardinality).sum();
  }

  /** A one-column key as itself, a wider one as the list of its values. */
  static Object key(List<Object> values) {
    return values.size() == 1 ? values.get(0) : List.copyOf(values);
  }

  private record Winner(Object cursor, Instant ingestedAt, int file, long position) {

    boolean beats(Winner other) {
      int c = CursorValues.compare(cursor, other.cursor);
      if (c != 0) {
        return c > 0;
      }
      c = Objects.compare(ingestedAt, other.ingestedAt, Instant::compareTo);
      if (c != 0) {
        return c > 0;
      }
      return file != other.file ? file > other.file : position > other.position;
    }
  }
}
