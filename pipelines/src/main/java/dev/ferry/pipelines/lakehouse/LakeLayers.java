package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.BackfillSpec;
import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.SourceSpec.SourceKind;
import dev.ferry.pipelines.job.TargetSpec.TargetKind;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.transforms.lake.DayRange;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one lakehouse run builds: which layers, in order, and whether it backfills a range of days
 * instead of adding what is new.
 *
 * @param layers the layers to build; each is built from the one before it in {@link Layer} order
 * @param backfill the days whose partitions the run rewrites, or empty for a normal run
 */
public record LakeLayers(Set<Layer> layers, Optional<DayRange> backfill) {

  public LakeLayers {
    layers =
        layers.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(layers)); // iterates in layer order
  }

  /**
   * The layers and range of a run of {@code job}: as {@code ferry run --layers --from --to} asks,
   * else every layer the job declares (gold only when it has gold tables) and its {@code
   * target.backfill}.
   *
   * @param chosen the {@code --layers} given, or null
   * @param range the {@code --from}/{@code --to} given, or null
   */
  public static LakeLayers of(Job job, List<Layer> chosen, BackfillSpec range) {
    boolean lake = job.target().kind() == TargetKind.LAKEHOUSE;
    if (!lake && (chosen != null || range != null)) {
      throw new JobException(
          (chosen != null ? "--layers" : "--from/--to")
              + ": only a lakehouse target has layers and partitions to rebuild");
    }
    BackfillSpec backfill = range != null ? range : job.target().backfill();
    Optional<DayRange> days =
        backfill == null
            ? Optional.empty()
            : Optional.of(new DayRange(backfill.fromDate(), backfill.toDate()));
    if (!lake) {
      return new LakeLayers(Set.of(), days);
    }
    Set<Layer> layers = EnumSet.of(Layer.BRONZE, Layer.SILVER);
    if (!job.gold().isEmpty()) {
      layers.add(Layer.GOLD);
    }
    if (chosen != null) {
      layers = chosen.isEmpty() ? EnumSet.noneOf(Layer.class) : EnumSet.copyOf(chosen);
      if (layers.isEmpty()) {
        throw new JobException("--layers: name at least one of bronze, silver, gold");
      }
      if (layers.contains(Layer.GOLD) && job.gold().isEmpty()) {
        throw new JobException("--layers: gold needs gold tables, and the job declares none");
      }
    }
    boolean documents = job.source().kind() == SourceKind.MONGODB;
    if (documents && layers.contains(Layer.BRONZE) != layers.contains(Layer.SILVER)) {
      throw new JobException(
          "--layers: a mongodb source writes bronze (raw documents) and silver (their tables) in"
              + " one pass; give both or neither");
    }
    if (documents && days.isPresent()) {
      throw new JobException(
          "--from/--to: a mongodb source is read whole on every run in this version of ferry");
    }
    if (days.isPresent() && job.target().partitionBy().isEmpty()) {
      throw new JobException(
          "--from/--to: a backfill rewrites the days of date-partitioned tables, and no table has"
              + " a target.partition_by column");
    }
    return new LakeLayers(layers, days);
  }

  /**
   * Whether the run builds only from the lake (silver and/or gold, no bronze) of a table source, so
   * its tables come from bronze's metadata ({@link BronzeInventory}) and the source is never
   * opened.
   */
  public boolean fromBronze(Job job) {
    return !layers.isEmpty()
        && !layers.contains(Layer.BRONZE)
        && job.source().kind() != SourceKind.MONGODB;
  }

  /**
   * The tables of {@code plan} this run builds: all, or in a backfill those partitioned by a date
   * column (the others have no days to rewrite).
   */
  public List<BronzeTable> tables(JobPlan plan) {
    return plan.tables().stream()
        .filter(t -> backfill.isEmpty() || t.partitionColumn().isPresent())
        .toList();
  }

  public boolean builds(Layer layer) {
    return layers.contains(layer);
  }

  /** Where the run writes, for people: {@code lake/shop (bronze, silver, gold)}. */
  public String describe(String lakePath) {
    String names = layers.stream().map(Layer::lakeName).collect(Collectors.joining(", "));
    return lakePath + " (" + names + backfill.map(d -> "; backfill " + d).orElse("") + ")";
  }
}
