package dev.ferry.pipelines.plan;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.SourceSpec;
import dev.ferry.schemas.document.FlattenPlan;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mongo.CollectionSplit;
import dev.ferry.schemas.mongo.MongoCatalog;
import dev.ferry.schemas.mongo.MongoInventory;
import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.schemas.mongo.SampledCollection;
import dev.ferry.transforms.metrics.TableMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a {@code mongodb} job's collections: samples each selected collection, flattens its shape
 * as the job's {@code flatten} section says, and asks the server how it can be read. The tables of
 * all collections together are the job's inventory, so DDL, rules and casts work on them as on any
 * source's tables.
 */
final class CollectionPlans {

  private CollectionPlans() {}

  /** The login of the job's MongoDB source. */
  static MongoLogin login(SourceSpec source) {
    return MongoLogin.of(source.url(), source.user(), source.password());
  }

  /** Samples the source's collections (connecting to it). */
  static MongoInventory sample(SourceSpec source) {
    return MongoCatalog.read(login(source), source.sampleSize());
  }

  /**
   * Plans the selected collections of {@code inventory}.
   *
   * @param probe whether to ask the server how each collection can be split (false in tests of the
   *     plan alone)
   */
  static List<CollectionPlan> of(
      Job job, MongoLogin login, MongoInventory inventory, boolean probe) {
    SourceSpec source = job.source();
    List<String> names =
        TableSelection.selectNames(
            inventory.collections().stream().map(SampledCollection::name).toList(),
            source.tables(),
            source.exclude(),
            "collection",
            inventory.source());
    requireSelected("flatten", job.flatten().keySet(), names);
    requireSelected("source.filter", source.filter().keySet(), names);
    Map<String, String> filters = source.filterJson();
    List<CollectionPlan> plans = new ArrayList<>();
    Map<String, String> tableOwners = new HashMap<>();
    for (String name : names) {
      SampledCollection sampled = inventory.collection(name).orElseThrow();
      FlattenPlan flatten;
      try {
        flatten = FlattenPlan.of(sampled.shape(), job.flattenOf(name));
      } catch (IllegalArgumentException e) {
        throw new JobException("flatten." + name + ": " + e.getMessage());
      }
      for (Table t : flatten.tables()) {
        String before = tableOwners.putIfAbsent(t.name(), name);
        if (before != null) {
          throw new JobException(
              "flatten."
                  + name
                  + ": table "
                  + t.name()
                  + " is also a table of collection "
                  + before
                  + "; rename one (flatten."
                  + name
                  + ".table or a path's rename)");
        }
      }
      CollectionSplit split =
          probe
              ? CollectionSplit.probe(login, name, CollectionSplit.DEFAULT_BYTES_PER_SPLIT)
              : CollectionSplit.single("not probed");
      plans.add(new CollectionPlan(name, flatten, filters.getOrDefault(name, ""), sampled, split));
    }
    // The run counts each collection's documents (and a lake's raw bronze) apart from its tables.
    for (String name : names) {
      for (String counted : List.of(TableMetrics.documents(name), TableMetrics.bronze(name))) {
        if (tableOwners.containsKey(counted)) {
          throw new JobException(
              "flatten."
                  + tableOwners.get(counted)
                  + ": table '"
                  + counted
                  + "' has the name the run counts collection "
                  + name
                  + "'s documents under; rename the table");
        }
      }
    }
    return plans;
  }

  /** The tables of every collection, as one {@code mongodb} inventory of {@code source}. */
  static Inventory inventory(MongoInventory source, List<CollectionPlan> plans) {
    List<Table> tables = plans.stream().flatMap(p -> p.flatten().tables().stream()).toList();
    return new Inventory(source.source(), "mongodb", tables, source.notCopied());
  }

  private static void requireSelected(String key, Set<String> named, List<String> selected) {
    for (String collection : named) {
      if (!selected.contains(collection)) {
        throw new JobException(
            key
                + ": collection '"
                + collection
                + "' is not among the collections the job copies ("
                + String.join(", ", selected)
                + ")");
      }
    }
  }
}
