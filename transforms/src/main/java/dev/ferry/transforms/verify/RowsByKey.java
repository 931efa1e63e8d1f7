package dev.ferry.transforms.verify;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.KV;

/**
 * Both sides' rows of one part of a drill-down, joined by key in memory: every source row first,
 * then each target row paired off as it comes ({@link SameKeyRows}), then what is left named.
 */
final class RowsByKey {
  private final Map<ByteBuffer, SameKeyRows> byKey = new HashMap<>();

  /** A source row, keyed by its join key's canonical bytes. */
  void addSource(KV<byte[], RowImage> row) {
    of(row.getKey()).addSource(row.getValue());
  }

  /** A target row, once every source row is in. */
  void addTarget(KV<byte[], RowImage> row) {
    of(row.getKey()).addTarget(row.getValue());
  }

  /** Names every key's differences, as {@link SameKeyRows#name} does. */
  void name(List<String> names, Set<String> rejectedKeys, Consumer<RowDiff> out) {
    for (SameKeyRows rows : byKey.values()) {
      rows.name(names, rejectedKeys, out);
    }
  }

  private SameKeyRows of(byte[] key) {
    return byKey.computeIfAbsent(ByteBuffer.wrap(key), k -> new SameKeyRows());
  }
}
