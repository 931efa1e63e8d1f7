package dev.ferry.pipelines.migrate;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.TargetSpec;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.EnumStyle;
import dev.ferry.schemas.postgres.PostgresDdl;
import dev.ferry.transforms.postgres.PostgresTarget;
import dev.ferry.transforms.postgres.TableTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job into PostgreSQL, resolved: the DDL for the target schema, and for each source table the
 * target table its rows are written to — target names (fitted to 63 bytes), key and write mode.
 *
 * <p>The key makes writes safe to retry: a batch is staged and merged on it, so a bundle Beam
 * retries or a re-run adds no duplicate. {@code create} creates each table with its primary key
 * before the load for that reason (pgloader adds it after; the rest — unique and other indexes,
 * foreign keys, checks, sequences — still comes after the load). Tables without a primary key are
 * copied straight in.
 *
 * @param waves the tables in load order: each wave after the previous one, tables of a wave in
 *     parallel. One wave in {@code create} mode (foreign keys come after the load); otherwise
 *     parents before children, as the target's foreign keys check rows as they arrive
 */
public record MigratePlan(
    JobPlan job,
    PostgresTarget target,
    String schema,
    TargetSpec.Mode mode,
    PostgresDdl ddl,
    Map<String, TableTarget> targets,
    List<List<String>> waves) {

  public static MigratePlan of(JobPlan plan) {
    TargetSpec spec = plan.job().target();
    PostgresTarget target =
        new PostgresTarget(spec.url(), spec.user() == null ? "" : spec.user(), secretOf(spec));
    EnumStyle enums = spec.enums() == TargetSpec.Enums.TYPE ? EnumStyle.TYPE : EnumStyle.CHECK;
    PostgresDdl ddl = PostgresDdl.of(spec.schema(), plan.inventory(), plan.selected(), enums);
    checkUpsertKeys(plan, spec);
    Map<String, TableTarget> targets = new LinkedHashMap<>();
    for (Table t : plan.selected()) {
      targets.put(t.name(), tableTarget(t, spec, ddl));
    }
    List<List<String>> waves =
        spec.mode() == TargetSpec.Mode.CREATE ? List.of(plan.tableNames()) : ddl.loadOrder();
    return new MigratePlan(plan, target, spec.schema(), spec.mode(), ddl, targets, waves);
  }

  private static dev.ferry.schemas.Secret secretOf(TargetSpec spec) {
    return spec.password() == null ? dev.ferry.schemas.Secret.of("") : spec.password();
  }

  private static TableTarget tableTarget(Table t, TargetSpec spec, PostgresDdl ddl) {
    List<String> names = ddl.columns(t.name());
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < t.columns().size(); i++) {
      Column c = t.columns().get(i);
      columns.add(
          new Column(
              names.get(i),
              c.sourceType(),
              c.type(),
              c.nullable(),
              c.defaultValue(),
              c.autoIncrement(),
              c.enumValues(),
              c.pgType()));
    }
    TableTarget target =
        TableTarget.of(spec.schema(), ddl.targetTable(t.name()), columns).withSource(t.name());
    return switch (spec.mode()) {
      case UPSERT -> {
        List<String> key;
        try {
          key = ddl.conflictKey(t.name(), Optional.ofNullable(spec.upsertKeys().get(t.name())));
        } catch (IllegalArgumentException e) {
          throw new JobException("target.mode upsert: table " + t.name() + ": " + e.getMessage());
        }
        yield target.withKeyColumns(key).withMode(TableTarget.Mode.UPSERT);
      }
      case CREATE, APPEND, REPLACE -> target.withKeyColumns(ddl.keyColumns(t.name()));
    };
  }

  private static void checkUpsertKeys(JobPlan plan, TargetSpec spec) {
    for (String table : spec.upsertKeys().keySet()) {
      if (!plan.tableNames().contains(table)) {
        throw new JobException(
            "target.upsert_keys: table '" + table + "' is not among the tables the job copies");
      }
    }
  }

  /** Where rejected rows go, for the summary. */
  public String deadLetterTable() {
    return schema + "." + dev.ferry.transforms.postgres.WritePostgresDeadLetters.TABLE;
  }
}
