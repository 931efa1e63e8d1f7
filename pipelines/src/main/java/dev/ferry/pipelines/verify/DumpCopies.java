package dev.ferry.pipelines.verify;

import dev.ferry.pipelines.dump.DumpPlan;
import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.transforms.dump.DumpCheck;
import dev.ferry.transforms.dump.DumpDirectory;
import dev.ferry.transforms.dump.DumpManifest.ManifestTable;
import dev.ferry.transforms.dump.DumpPaths;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.validate.ColumnRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pairs a job's tables with their shards in a dump: the newest complete dump of the job under
 * {@code target.path} (as a restore's {@code latest} finds it), or the one {@code --dump} names.
 * Every file of the dump is checked against its manifest first (size, SHA-256, rows): a table with
 * a damaged file is not compared, and its problem names the file. The source side runs the steps
 * the dump's load ran (normalize, rules), so rejected rows are its dead letters, not missing.
 */
final class DumpCopies {

  private DumpCopies() {}

  static VerifyPlan plan(JobPlan job, VerifyPlan.Options options) {
    Job spec = job.job();
    String url =
        options.dump() != null
            ? options.dump()
            : DumpPaths.resolve(DumpPlan.of(job).root(), spec.name() + "/" + DumpDirectory.LATEST);
    DumpDirectory dump = DumpDirectory.open(url);
    List<String> damage = DumpCheck.of(dump).problems();
    ReadOptions read = TableSteps.readOptions(spec);
    List<TablePair> pairs = new ArrayList<>();
    Map<String, String> problems = new LinkedHashMap<>();
    Map<String, RangeReader> copies = new LinkedHashMap<>();
    for (Table t : job.selected()) {
      Optional<ManifestTable> dumped = dump.manifest().table(t.name());
      String problem =
          dumped.isEmpty() ? "the dump " + dump.dir() + " has no table " + t.name() : null;
      if (problem == null) {
        List<String> damaged = damageOf(dumped.get(), dump, damage);
        problem =
            damaged.isEmpty() ? null : "dump " + dump.dir() + ": " + String.join("; ", damaged);
      }
      RangeReader target = null;
      if (problem == null) {
        target = dump.reader(t);
        copies.put(t.name(), target);
      } else {
        problems.put(t.name(), problem);
      }
      List<ColumnRule> rules = TableSteps.rules(job.rulesFor(t.name()));
      pairs.add(
          ReadBackCopies.pair(
              t,
              Sources.reader(job, t, read),
              TableSteps.rowSteps(t, TableSteps.normalizations(spec, t), rules),
              rules.stream().filter(ColumnRule::unique).toList(),
              target,
              options.chunkRows()));
    }
    return new VerifyPlan(
        job,
        pairs,
        List.of(),
        ReadBackCopies.joins(job, copies),
        null,
        "dump " + dump.dir() + " (run " + dump.manifest().runId() + ")",
        problems,
        options.sample());
  }

  /**
   * The check's problems that concern {@code table}: those naming one of its shards, and those
   * naming no table's file (the manifest's other files), which leave the whole dump in doubt.
   */
  private static List<String> damageOf(
      ManifestTable table, DumpDirectory dump, List<String> damage) {
    List<String> mine = new ArrayList<>();
    for (String problem : damage) {
      boolean anyTable =
          dump.manifest().tables().stream()
              .flatMap(t -> t.files().stream())
              .anyMatch(f -> problem.startsWith(f + " "));
      boolean ours = table.files().stream().anyMatch(f -> problem.startsWith(f + " "));
      if (ours || !anyTable) {
        mine.add(problem);
      }
    }
    return mine;
  }
}
