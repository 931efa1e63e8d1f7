package dev.ferry.transforms.delta;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * The partitions a {@link DeltaCommitter#replace replace} owns: every committed file in them is
 * removed and only the new files remain. A backfill names its days ({@code
 * year=2026/month=11/day=1} … {@code day=30}) or gives a predicate on the partition values. Values
 * are compared as the Delta log stores them: text, null for the null partition.
 */
public final class PartitionSet implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final PartitionSet ALL = new PartitionSet(values -> true, "the whole table", true);

  private final SerializableFunction<Map<String, String>, Boolean> test;
  private final String description;
  private final boolean all;

  private PartitionSet(
      SerializableFunction<Map<String, String>, Boolean> test, String description, boolean all) {
    this.test = test;
    this.description = description;
    this.all = all;
  }

  /** Every partition: replacing it rewrites the whole table. */
  public static PartitionSet all() {
    return ALL;
  }

  /** Whether this is {@link #all()}. */
  public boolean isAll() {
    return all;
  }

  /**
   * Exactly these partitions, each a map partition column → value (a subset of columns matches).
   */
  public static PartitionSet of(List<Map<String, String>> partitions) {
    List<Map<String, String>> copy = new ArrayList<>();
    for (Map<String, String> p : partitions) {
      copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(p)));
    }
    List<Map<String, String>> owned = List.copyOf(copy);
    return new PartitionSet(
        values -> owned.stream().anyMatch(p -> matches(p, values)), "partitions " + owned, false);
  }

  /** The partitions whose values satisfy {@code predicate}, described in messages as given. */
  public static PartitionSet where(
      String description, SerializableFunction<Map<String, String>, Boolean> predicate) {
    return new PartitionSet(predicate, description, false);
  }

  /** Whether a file with these partition values belongs to the set. */
  public boolean contains(Map<String, String> partitionValues) {
    return Boolean.TRUE.equals(test.apply(partitionValues));
  }

  @Override
  public String toString() {
    return description;
  }

  private static boolean matches(Map<String, String> wanted, Map<String, String> values) {
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (!values.containsKey(e.getKey())
          || !Objects.equals(values.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }
}
