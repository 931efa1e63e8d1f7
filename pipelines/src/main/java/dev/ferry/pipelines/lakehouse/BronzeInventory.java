package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.LakePaths;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.delta.DeltaSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The job's tables as its bronze layer holds them, for a run that builds only silver and gold
 * ({@code ferry run --layers silver,gold}): columns, types and primary key come from each bronze
 * table's Delta metadata, so the run needs no connection to the source, which may be gone.
 *
 * <pre>{@code
 * JobPlan plan = JobPlan.of(job, BronzeInventory.read(job));
 * }</pre>
 */
public final class BronzeInventory {

  private static final Set<String> INGEST =
      Set.of(BronzeTable.INGESTED_AT, BronzeTable.SOURCE, BronzeTable.RUN_ID);

  private BronzeInventory() {}

  /**
   * @throws JobException when the lake has no bronze table yet
   */
  public static Inventory read(Job job) {
    String root = LakePaths.join(job.target().path(), Layer.BRONZE.lakeName());
    List<Table> tables = new ArrayList<>();
    for (String name : tableNames(root)) {
      DeltaSnapshot bronze = DeltaSnapshot.load(LakePaths.join(root, name));
      List<Column> columns =
          bronze.columns().stream().filter(c -> !INGEST.contains(c.name())).toList();
      tables.add(
          new Table(
              name, columns, bronze.primaryKey(), List.of(), List.of(), -1, Optional.empty()));
    }
    if (tables.isEmpty()) {
      throw new JobException(
          "--layers: "
              + root
              + " holds no bronze tables to build from; run without --layers first");
    }
    return new Inventory(
        root, job.source().kind().name().toLowerCase(Locale.ROOT), tables, List.of());
  }

  /** The directories under {@code root} that hold a Delta table, sorted. */
  private static Set<String> tableNames(String root) {
    String logs = LakePaths.join(root, "*", "_delta_log", "*.json");
    Set<String> names = new TreeSet<>();
    try {
      MatchResult match = FileSystems.match(List.of(logs), EmptyMatchTreatment.ALLOW).get(0);
      if (match.status() != MatchResult.Status.OK) {
        return names;
      }
      for (MatchResult.Metadata file : match.metadata()) {
        // <root>/<table>/_delta_log/<version>.json
        String path = file.resourceId().toString();
        String table = path.substring(0, path.lastIndexOf("/_delta_log/"));
        names.add(table.substring(table.lastIndexOf('/') + 1));
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
