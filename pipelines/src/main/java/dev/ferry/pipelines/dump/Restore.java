package dev.ferry.pipelines.dump;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.pipelines.job.TargetSpec;
import dev.ferry.pipelines.migrate.MigratePlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.pipelines.run.TableCounts;
import dev.ferry.schemas.SourceException;
import dev.ferry.transforms.dump.DumpCheck;
import dev.ferry.transforms.dump.DumpDirectory;
import dev.ferry.transforms.dump.DumpManifest.ManifestTable;
import dev.ferry.transforms.dump.DumpPaths;
import dev.ferry.transforms.dump.HashedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A restore of a dump into PostgreSQL, around its pipeline: before it, every file of the dump is
 * checked (and a dump in S3 downloaded into a staging directory while it is); after it, each
 * table's rows are compared with the manifest's, the staging copy is removed, and the dump is
 * marked restored with {@code restored.json} beside its manifest.
 *
 * <pre>{@code
 * Restore restore = Restore.check(plan, runId);       // DumpRefused: nothing loaded
 * JobPlan checked = restore.plan();                    // reads the checked copy
 * ... run the migrate pipeline of checked ...
 * List<String> problems = restore.verify(migrate, counts);
 * restore.cleanUp();
 * if (problems.isEmpty()) restore.markRestored(migrate, run, counts);
 * }</pre>
 */
public final class Restore {

  private final JobPlan plan;
  private final DumpDirectory original;
  private final Path staging;

  private Restore(JobPlan plan, DumpDirectory original, Path staging) {
    this.plan = plan;
    this.original = original;
    this.staging = staging;
  }

  /**
   * Checks every file of the plan's dump, downloading a dump that is in S3 into a staging directory
   * ({@code source.staging}, else the system's temporary directory) while checking it.
   *
   * @throws dev.ferry.transforms.dump.DumpRefused naming the missing, cut or altered files
   */
  public static Restore check(JobPlan plan, String runId) {
    DumpDirectory dump = plan.dump();
    if (!dump.remote()) {
      return new Restore(plan.withDump(DumpCheck.of(dump).run()), dump, null);
    }
    Path staging;
    try {
      String base = plan.job().source().staging();
      staging =
          base == null
              ? Files.createTempDirectory("ferry-restore-" + runId + "-")
              : Files.createDirectories(Path.of(base).resolve("ferry-restore-" + runId));
    } catch (IOException e) {
      throw new SourceException(
          "cannot create the staging directory for the dump's download ("
              + e.getMessage()
              + "): set source.staging to a writable directory with room for the dump",
          e);
    }
    try {
      return new Restore(plan.withDump(DumpCheck.of(dump).stagingIn(staging).run()), dump, staging);
    } catch (RuntimeException e) {
      delete(staging);
      throw e;
    }
  }

  /** The plan reading the checked files. */
  public JobPlan plan() {
    return plan;
  }

  /** The dump as found (in S3 or on disk), not its staging copy. */
  public DumpDirectory dump() {
    return original;
  }

  /** Where the dump was downloaded, or null when it was read in place. */
  public Path staging() {
    return staging;
  }

  /**
   * Compares what the restore did with the manifest: every table read exactly its dumped rows, and
   * in {@code create} and {@code replace} modes the target table holds exactly the rows written.
   *
   * @return one line per difference; empty when the restore is whole
   */
  public List<String> verify(MigratePlan migrate, List<TableCounts> counts) {
    Map<String, TableCounts> byTable =
        counts.stream().collect(Collectors.toMap(TableCounts::table, Function.identity()));
    List<String> problems = new ArrayList<>();
    boolean fresh =
        migrate.mode() == TargetSpec.Mode.CREATE || migrate.mode() == TargetSpec.Mode.REPLACE;
    try (Connection c = fresh ? migrate.target().connect() : null) {
      for (String table : plan.tableNames()) {
        ManifestTable dumped = original.manifest().table(table).orElseThrow();
        TableCounts got = byTable.get(table);
        long read = got == null ? 0 : got.read();
        if (read != dumped.rows()) {
          problems.add(table + ": read " + read + " rows, the dump holds " + dumped.rows());
        }
        if (fresh && got != null) {
          long rows = count(c, migrate.ddl().table(table));
          if (rows != got.written()) {
            problems.add(
                table
                    + ": "
                    + migrate.ddl().table(table)
                    + " holds "
                    + rows
                    + " rows after the restore, "
                    + got.written()
                    + " were written");
          }
        }
      }
    } catch (SQLException e) {
      throw new SourceException(
          "cannot count the restored rows in "
              + migrate.target().location()
              + ": "
              + e.getMessage(),
          e);
    }
    return problems;
  }

  private static long count(Connection c, String quotedTable) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + quotedTable)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Removes the staging copy, if there is one. */
  public void cleanUp() {
    if (staging != null) {
      delete(staging);
    }
  }

  /**
   * Writes {@code restored.json} into the dump's directory: when, by which run, into which database
   * and schema (never a password), and the rows of each table.
   */
  public void markRestored(MigratePlan migrate, RunContext run, List<TableCounts> counts) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode marker = json.createObjectNode();
    marker.put("restored_at", Instant.now().toString());
    marker.put("run_id", run.runId());
    marker.put("job", plan.job().name());
    marker.put("target", migrate.target().location());
    marker.put("schema", migrate.schema());
    marker.put("manifest_run_id", original.manifest().runId());
    ObjectNode tables = marker.putObject("tables");
    counts.forEach(
        t -> tables.putObject(t.table()).put("written", t.written()).put("rejected", t.rejected()));
    try {
      HashedOutput.write(
          original.dir(), DumpPaths.RESTORED, json.writeValueAsBytes(marker), "application/json");
    } catch (IOException | SourceException e) {
      throw new SourceException(
          "the restore is complete, but marking it failed: " + e.getMessage(), e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a staging copy left behind wastes room but holds nothing the dump does not
    }
  }
}
