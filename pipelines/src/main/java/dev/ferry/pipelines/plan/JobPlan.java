package dev.ferry.pipelines.plan;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.RuleSpec;
import dev.ferry.pipelines.job.SourceSpec.SourceKind;
import dev.ferry.pipelines.job.TargetSpec.TargetKind;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mongo.MongoInventory;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.transforms.dump.DumpDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a job will do, resolved against the source's inventory: the tables selected, their columns
 * after casts, and where each lands. {@code ferry plan} prints it; {@code ferry run} builds its
 * pipeline from it. Building a plan reads the source's catalog but moves no data.
 *
 * @param selected the tables the job copies, casts applied, in inventory order
 * @param tables how each lands in the lake (lakehouse targets; empty otherwise): in the bronze
 *     layer, or for a {@code mongodb} source in the silver layer
 * @param deadLetterPath the lakehouse's dead-letter Delta table (lakehouse targets; else null)
 * @param collections a {@code mongodb} job's collections, whose tables are {@code selected}; empty
 *     for other sources
 * @param dump a {@code dump} source's dump (found, manifest read); null for other sources
 */
public record JobPlan(
    Job job,
    Inventory inventory,
    List<Table> selected,
    List<BronzeTable> tables,
    String deadLetterPath,
    List<CollectionPlan> collections,
    DumpDirectory dump) {

  public static final String DEAD_LETTERS = "_dead_letters";

  public JobPlan(
      Job job,
      Inventory inventory,
      List<Table> selected,
      List<BronzeTable> tables,
      String deadLetterPath,
      List<CollectionPlan> collections) {
    this(job, inventory, selected, tables, deadLetterPath, collections, null);
  }

  public JobPlan {
    collections = collections == null ? List.of() : List.copyOf(collections);
  }

  /** Reads the source's inventory (for MongoDB: samples its collections) and resolves the job. */
  public static JobPlan of(Job job) {
    if (job.source().kind() == SourceKind.MONGODB) {
      return ofDocuments(job, CollectionPlans.sample(job.source()), true);
    }
    if (job.source().kind() == SourceKind.DUMP) {
      DumpDirectory dump = Sources.dump(job.source());
      return of(job, dump.manifest().inventory(dump.dir())).withDump(dump);
    }
    return of(job, Sources.inventory(job.source()));
  }

  public static JobPlan of(Job job, Inventory inventory) {
    List<Table> selected =
        TableSelection.select(inventory, job.source().tables(), job.source().exclude());
    return resolve(job, inventory, selected, List.of());
  }

  /**
   * Resolves a {@code mongodb} job against its sampled collections: each selected collection
   * flattened into tables, which are then the job's tables.
   *
   * @param probe whether to ask the server how each collection can be split
   */
  public static JobPlan ofDocuments(Job job, MongoInventory sampled, boolean probe) {
    List<CollectionPlan> collections =
        CollectionPlans.of(job, CollectionPlans.login(job.source()), sampled, probe);
    Inventory inventory = CollectionPlans.inventory(sampled, collections);
    return resolve(job, inventory, inventory.tables(), collections);
  }

  private static JobPlan resolve(
      Job job, Inventory inventory, List<Table> selected, List<CollectionPlan> collections) {
    Casts.checkColumns(selected, job.casts());
    List<Table> cast = selected.stream().map(t -> Casts.apply(t, job.casts())).toList();
    checkRules(job.rules(), cast);
    checkAscending(job.rules(), collections);
    if (job.target().kind() != TargetKind.LAKEHOUSE) {
      return new JobPlan(job, inventory, cast, List.of(), null, collections);
    }
    List<BronzeTable> tables = new ArrayList<>();
    for (Table t : cast) {
      Optional<String> partition = partitionColumn(t, job.target().partitionBy());
      // A mongodb job's bronze layer is its raw documents; its flattened tables are silver.
      tables.add(
          collections.isEmpty()
              ? BronzeTable.of(t, job.target().path(), partition)
              : BronzeTable.silver(t, job.target().path(), partition));
    }
    checkPartitionTables(job.target().partitionBy(), selected);
    return new JobPlan(
        job,
        inventory,
        cast,
        tables,
        LakePaths.join(job.target().path(), DEAD_LETTERS),
        collections);
  }

  /** The same plan, reading its tables from {@code newDump} (a checked local copy). */
  public JobPlan withDump(DumpDirectory newDump) {
    return new JobPlan(job, inventory, selected, tables, deadLetterPath, collections, newDump);
  }

  /** The names of the selected tables, in order. */
  public List<String> tableNames() {
    return selected.stream().map(Table::name).toList();
  }

  /** The rules for {@code table}, in job order. */
  public List<RuleSpec> rulesFor(String table) {
    return job.rules().stream().filter(r -> tableOf(r.column()).equals(table)).toList();
  }

  private static Optional<String> partitionColumn(Table table, Map<String, String> partitionBy) {
    String name = partitionBy.get(table.name());
    if (name == null) {
      return Optional.empty();
    }
    Column column =
        table
            .column(name)
            .orElseThrow(
                () ->
                    new JobException(
                        "target.partition_by."
                            + table.name()
                            + ": table "
                            + table.name()
                            + " has no column "
                            + name));
    if (!Set.of(Kind.DATE, Kind.TIMESTAMP, Kind.TIMESTAMP_LOCAL).contains(column.type().kind())) {
      throw new JobException(
          "target.partition_by."
              + table.name()
              + ": column "
              + name
              + " is "
              + column.type()
              + "; partitions need a date or timestamp column (or a cast to one)");
    }
    return Optional.of(name);
  }

  private static void checkPartitionTables(Map<String, String> partitionBy, List<Table> selected) {
    for (String table : partitionBy.keySet()) {
      if (selected.stream().noneMatch(t -> t.name().equals(table))) {
        throw new JobException(
            "target.partition_by: table '" + table + "' is not among the tables the job copies");
      }
    }
  }

  private static void checkRules(List<RuleSpec> rules, List<Table> tables) {
    for (int i = 0; i < rules.size(); i++) {
      String column = rules.get(i).column();
      String table = tableOf(column);
      String name = column.substring(table.length() + 1);
      Optional<Table> found = tables.stream().filter(t -> t.name().equals(table)).findFirst();
      if (found.isEmpty()) {
        throw new JobException(
            "rules["
                + i
                + "].column: table '"
                + table
                + "' is not among the tables the job copies");
      }
      Table source = found.get();
      if (source.column(name).isEmpty()) {
        throw new JobException(
            "rules["
                + i
                + "].column: table "
                + table
                + " has no column "
                + name
                + " (columns: "
                + String.join(", ", source.columns().stream().map(Column::name).toList())
                + ")");
      }
      // What only the column types can tell (a min that is not a number, check_digits on a
      // boolean, a when column that does not exist) fails here, before any data moves.
      try {
        TableSteps.rules(List.of(rules.get(i))).get(0).check(source);
      } catch (IllegalArgumentException e) {
        throw new JobException("rules[" + i + "]: " + e.getMessage());
      }
    }
  }

  /**
   * {@code ascending} compares the rows of one array in array order: only a table flattened from an
   * array of a document has such rows (its key ends with the element's position).
   */
  private static void checkAscending(List<RuleSpec> rules, List<CollectionPlan> collections) {
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).ascending()) {
        continue;
      }
      String table = tableOf(rules.get(i).column());
      boolean array =
          collections.stream()
              .flatMap(c -> c.flatten().table(table).stream())
              .anyMatch(t -> t.primaryKey().get(t.primaryKey().size() - 1).equals("_ordinal"));
      if (!array) {
        throw new JobException(
            "rules["
                + i
                + "].ascending: compares the rows of one array in array order, and table "
                + table
                + " is not an array's table (only tables flattened from a document's arrays are)");
      }
    }
  }

  private static String tableOf(String tableColumn) {
    return tableColumn.substring(0, tableColumn.indexOf('.'));
  }
}
