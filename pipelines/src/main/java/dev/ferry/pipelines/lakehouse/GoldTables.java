package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.GoldSpec;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.gold.GoldQuery;
import dev.ferry.transforms.gold.GoldQueryException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's gold tables as queries over its silver tables, planned before any data moves: a syntax
 * error, an unknown table or column fails the run (and {@code ferry plan}) in one line naming the
 * entry, not after bronze and silver were built.
 */
public final class GoldTables {

  private GoldTables() {}

  /** The query of {@code gold}, with its declared column types. */
  static GoldQuery query(GoldSpec gold) {
    GoldQuery query = GoldQuery.of(gold.name(), gold.sql());
    for (Map.Entry<String, String> declared : gold.columns().entrySet()) {
      query = query.withColumnType(declared.getKey(), ColumnType.parse(declared.getValue()));
    }
    return query;
  }

  /**
   * Each gold table's result columns, by name, in job order.
   *
   * @throws JobException naming the entry whose SQL does not plan over the silver tables
   */
  public static Map<String, List<Column>> columns(JobPlan plan) {
    Map<String, List<Column>> silver = new LinkedHashMap<>();
    for (BronzeTable table : plan.tables()) {
      silver.put(table.source().name(), table.dataColumns());
    }
    Map<String, List<Column>> out = new LinkedHashMap<>();
    List<GoldSpec> gold = plan.job().gold();
    for (int i = 0; i < gold.size(); i++) {
      List<Column> columns;
      try {
        columns = query(gold.get(i)).validate(silver);
      } catch (GoldQueryException e) {
        throw new JobException("gold[" + i + "].sql: " + e.getMessage());
      }
      String day = gold.get(i).partitionBy();
      if (day != null
          && columns.stream()
              .noneMatch(c -> c.name().equals(day) && c.type().kind() == ColumnType.Kind.DATE)) {
        throw new JobException(
            "gold["
                + i
                + "].partition_by: "
                + day
                + " must be a DATE column of the result (columns: "
                + String.join(", ", columns.stream().map(Column::name).toList())
                + "); select CAST(... AS DATE) AS "
                + day);
      }
      out.put(gold.get(i).name(), columns);
    }
    return out;
  }

  /** The silver tables {@code gold}'s SQL names, among the plan's. */
  static List<BronzeTable> inputs(JobPlan plan, GoldSpec gold) {
    return plan.tables().stream()
        .filter(t -> GoldLayer.mentions(gold.sql(), t.source().name()))
        .toList();
  }
}
