package dev.ferry.pipelines.verify;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.TargetSpec;
import dev.ferry.pipelines.migrate.MigratePlan;
import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresSourceDialect;
import dev.ferry.schemas.postgres.PostgresDdl;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.transforms.read.JdbcRangeReader;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.verify.DigestRanges;
import dev.ferry.transforms.verify.KeyBuckets;
import dev.ferry.transforms.verify.OrphanCheck;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pairs a job's tables with their copies in a PostgreSQL target: the names ferry's DDL gave them
 * (the same {@link MigratePlan} the load used), read back through ferry's PostgreSQL catalog and
 * reader, so values come back as the same logical types the source is read as.
 */
final class PostgresCopies {

  private PostgresCopies() {}

  static VerifyPlan plan(JobPlan job, VerifyPlan.Options options) {
    Job spec = job.job();
    MigratePlan migrate = MigratePlan.of(job);
    PostgresDdl ddl = migrate.ddl();
    TargetSpec target = spec.target();
    JdbcLogin login =
        JdbcLogin.of(
            inSchema(target.url(), migrate.schema()),
            target.user(),
            target.password() == null ? Secret.of("") : target.password());
    Inventory copies = Sources.inventory(login, PostgresSourceDialect.INSTANCE);
    List<TablePair> pairs = new ArrayList<>();
    Map<String, String> problems = new LinkedHashMap<>();
    Map<String, String> collections = new LinkedHashMap<>();
    Map<String, Set<String>> refusedDocuments = new LinkedHashMap<>();
    for (CollectionPlan c : job.collections()) {
      c.flatten().tables().forEach(t -> collections.put(t.name(), c.collection()));
      refusedDocuments.putAll(RejectedDocuments.keys(login, migrate.schema(), spec.name(), c));
    }
    for (Table t : job.selected()) {
      Optional<Table> copy = copyOf(t, ddl, copies, problems);
      String collection = collections.get(t.name());
      Set<String> rejectedAtWrite =
          copy.isEmpty()
              ? Set.of()
              : collection != null
                  ? refusedDocuments.getOrDefault(t.name(), Set.of())
                  : RejectedAtWrite.keys(login, migrate.schema(), spec.name(), t, ddl);
      pairs.add(
          collection == null
              ? tablePair(job, t, login, copy, ddl, options, rejectedAtWrite)
              : flattenedPair(t, collection, login, copy, options, rejectedAtWrite));
    }
    return new VerifyPlan(
        job,
        pairs,
        orphanChecks(job, ddl, problems),
        List.of(),
        migrate.target(),
        "postgres " + migrate.target().location() + " schema " + migrate.schema(),
        problems,
        options.sample());
  }

  /**
   * A source table and its copy, read on the same key ranges when the source's split key is one of
   * its columns.
   */
  private static TablePair tablePair(
      JobPlan job,
      Table t,
      JdbcLogin login,
      Optional<Table> copy,
      PostgresDdl ddl,
      VerifyPlan.Options options,
      Set<String> rejectedAtWrite) {
    RangeReader source = Sources.reader(job, t, TableSteps.readOptions(job.job()));
    List<ColumnRule> rules = TableSteps.rules(job.rulesFor(t.name()));
    // A dump's reader reads shard by shard, not by key range: it never aligns with the target.
    Optional<String> split = job.dump() == null ? alignedSplitKey(t, ddl) : Optional.empty();
    RangeReader targetReader =
        copy.map(c -> reader(login, c.withSplitKey(split.or(c::splitKey)))).orElse(null);
    List<KeyRange> sourceRanges = source.ranges(options.chunkRows());
    // An empty source has no ranges to align on: its target is then read on its own.
    boolean aligned = split.isPresent() && targetReader != null && !sourceRanges.isEmpty();
    List<KeyRange> targetRanges;
    KeyBuckets buckets = null;
    if (aligned) {
      List<KeyRange> planned = sourceRanges;
      sourceRanges = DigestRanges.covering(planned);
      targetRanges = sourceRanges;
      if (!planned.get(0).wholeTable()) {
        buckets = KeyBuckets.of(planned, sourceRanges, options.chunkRows());
      }
    } else {
      targetRanges = ranges(targetReader, options);
    }
    return new TablePair(
        t.name(),
        t,
        source,
        TableSteps.rowSteps(t, TableSteps.normalizations(job.job(), t), rules),
        rules.stream().filter(ColumnRule::unique).toList(),
        targetReader,
        sourceRanges,
        targetRanges,
        aligned,
        keyPositions(t),
        rejectedAtWrite,
        null,
        buckets);
  }

  /**
   * A table a collection's documents flatten into and its copy: its rows have no integer key both
   * sides can be read on by ranges (they come from reading the collection), so the table is one
   * whole-table chunk, rows joined on its primary key ({@code _id}, then parent key and ordinals).
   */
  private static TablePair flattenedPair(
      Table t,
      String collection,
      JdbcLogin login,
      Optional<Table> copy,
      VerifyPlan.Options options,
      Set<String> rejectedAtWrite) {
    RangeReader targetReader = copy.map(c -> reader(login, c)).orElse(null);
    return new TablePair(
        t.name(),
        t,
        null,
        List.of(),
        List.of(),
        targetReader,
        List.of(KeyRange.whole()),
        ranges(targetReader, options),
        false,
        keyPositions(t),
        rejectedAtWrite,
        collection,
        null);
  }

  /** Reads {@code copy} back through ferry's PostgreSQL reader. */
  private static RangeReader reader(JdbcLogin login, Table copy) {
    return JdbcRangeReader.of(login, PostgresSourceDialect.INSTANCE, copy, ReadOptions.DEFAULT);
  }

  private static List<KeyRange> ranges(RangeReader reader, VerifyPlan.Options options) {
    return reader == null ? List.of() : orWhole(reader.ranges(options.chunkRows()));
  }

  private static List<Integer> keyPositions(Table t) {
    return t.primaryKey().stream()
        .map(k -> t.columns().indexOf(t.column(k).orElseThrow()))
        .toList();
  }

  /**
   * The target table of {@code t}, columns in the source's order under their target names, or empty
   * (with a problem noted) when the table or one of its columns is not there.
   */
  private static Optional<Table> copyOf(
      Table t, PostgresDdl ddl, Inventory copies, Map<String, String> problems) {
    String name = ddl.targetTable(t.name());
    Optional<Table> found = copies.table(name);
    if (found.isEmpty()) {
      problems.put(t.name(), "the target has no table " + ddl.table(t.name()));
      return Optional.empty();
    }
    List<Column> ordered = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> names = ddl.columns(t.name());
    for (int i = 0; i < names.size(); i++) {
      Column loaded = t.columns().get(i);
      String column = names.get(i);
      // Read back as the load wrote it: in the source column's logical type, as a job's cast
      // is read. A column someone retyped since (numeric(10,2) → numeric) still compares by
      // value, and a value that no longer fits is unreadable rather than a false difference.
      found
          .get()
          .column(column)
          .ifPresentOrElse(
              c -> ordered.add(c.withType(loaded.type()).withPgType(c.pgType())),
              () -> missing.add(column));
    }
    if (!missing.isEmpty()) {
      problems.put(
          t.name(),
          "target table " + ddl.table(t.name()) + " has no column " + String.join(", ", missing));
      return Optional.empty();
    }
    return Optional.of(found.get().withColumns(ordered));
  }

  /**
   * The target name of the source's split key when it is one of the table's columns (not SQLite's
   * hidden rowid): both sides can then be read on the same key ranges.
   */
  private static Optional<String> alignedSplitKey(Table t, PostgresDdl ddl) {
    return t.splitKey()
        .flatMap(t::column)
        .map(c -> ddl.columns(t.name()).get(t.columns().indexOf(c)));
  }

  /** Every foreign key between two tables the job copies, named in the target. */
  private static List<OrphanCheck> orphanChecks(
      JobPlan job, PostgresDdl ddl, Map<String, String> problems) {
    Map<String, Table> tables = new LinkedHashMap<>();
    job.selected().forEach(t -> tables.put(t.name(), t));
    List<OrphanCheck> checks = new ArrayList<>();
    for (Table child : job.selected()) {
      for (ForeignKey fk : child.foreignKeys()) {
        Table parent = tables.get(fk.referencedTable());
        if (parent == null
            || problems.containsKey(child.name())
            || problems.containsKey(parent.name())) {
          continue;
        }
        checks.add(
            new OrphanCheck(
                child.name(),
                fk.name() == null || fk.name().isBlank()
                    ? child.name() + "(" + String.join(", ", fk.columns()) + ")"
                    : fk.name(),
                ddl.table(child.name()),
                targetNames(ddl, child, fk.columns()),
                ddl.keyColumns(child.name()),
                parent.name(),
                ddl.table(parent.name()),
                targetNames(ddl, parent, fk.referencedColumns())));
      }
    }
    return checks;
  }

  private static List<String> targetNames(PostgresDdl ddl, Table t, List<String> columns) {
    List<String> names = ddl.columns(t.name());
    return columns.stream()
        .map(c -> names.get(t.columns().indexOf(t.column(c).orElseThrow())))
        .collect(Collectors.toList());
  }

  /**
   * An empty target still gets a chunk (read whole, finding nothing), so the table has a chunk even
   * when both sides are empty.
   */
  private static List<KeyRange> orWhole(List<KeyRange> ranges) {
    return ranges.isEmpty() ? List.of(KeyRange.whole()) : ranges;
  }

  /** {@code url} with its {@code currentSchema} set to {@code schema}, so reads resolve there. */
  static String inSchema(String url, String schema) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    List<String> kept = new ArrayList<>();
    if (query >= 0) {
      for (String p : url.substring(query + 1).split("&")) {
        if (!p.isEmpty() && !p.startsWith("currentSchema=")) {
          kept.add(p);
        }
      }
    }
    // quoted: pgjdbc passes the value to search_path as is, where "Shop Data" needs its quotes
    String quoted = "\"" + schema.replace("\"", "\"\"") + "\"";
    kept.add("currentSchema=" + URLEncoder.encode(quoted, StandardCharsets.UTF_8));
    return base + "?" + String.join("&", kept);
  }
}
