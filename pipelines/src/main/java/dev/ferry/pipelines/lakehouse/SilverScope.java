package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.transforms.delta.DeltaHistory;
import dev.ferry.transforms.delta.DeltaSnapshot;
import dev.ferry.transforms.delta.PartitionSet;

/**
 * The partitions of a silver table a run rebuilds, so a daily run does not rewrite years of
 * history:
 *
 * <ul>
 *   <li>a backfill rebuilds its days;
 *   <li>a run that loaded bronze rebuilds, for a table partitioned by a date column, the partitions
 *       bronze changed since the version the silver table was last built from (a key's rows all
 *       share its date, so no other partition can change);
 *   <li>everything else rebuilds the whole table: {@code --layers silver} after a change of rules,
 *       a table partitioned by ingest date (a key's rows may be in any partition), a silver table
 *       not built yet or whose bronze history was cleaned up.
 * </ul>
 */
final class SilverScope {

  /** What a silver commit records: the bronze version it was built from. */
  static final String BUILT_FROM = "ferry.built_from_version";

  private SilverScope() {}

  static PartitionSet of(
      BronzeTable table, DeltaSnapshot bronze, String silverPath, LakeLayers layers) {
    if (layers.backfill().isPresent()) {
      return layers.backfill().get().partitions(bronze.partitionNames());
    }
    if (!layers.builds(Layer.BRONZE) || table.partitionColumn().isEmpty()) {
      return PartitionSet.all();
    }
    return DeltaHistory.recorded(silverPath, BUILT_FROM)
        .flatMap(v -> DeltaHistory.partitionsChangedSince(bronze.path(), Long.parseLong(v)))
        .map(PartitionSet::of)
        .orElse(PartitionSet.all());
  }
}
