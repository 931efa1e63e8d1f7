package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the job's {@code gold:} list: a table of the lakehouse's gold layer, computed by SQL
 * over its silver tables and rebuilt after silver on every run.
 *
 * <pre>{@code
 * gold:
 *   - name: daily_revenue
 *     sql: SELECT CAST(o.ordered_at AS DATE) AS day, SUM(i.quantity * p.price) AS revenue ...
 *     columns: {revenue: "decimal(18,2)"}
 *     partition_by: day
 * }</pre>
 *
 * @param name the table's name: {@code <lake>/gold/<name>}
 * @param sql one SELECT (Beam SQL, Calcite dialect) naming silver tables by their table names
 * @param columns result columns whose type must be declared (decimals) or changed, as in casts
 * @param partitionBy a DATE column of the result whose year/month/day partitions the table, so a
 *     backfill rewrites only its days; unpartitioned gold tables are rewritten whole
 */
public record GoldSpec(
    @JsonProperty(required = true) String name,
    @JsonProperty(required = true) String sql,
    Map<String, String> columns,
    @JsonProperty("partition_by") String partitionBy) {

  public GoldSpec {
    // Kept with null values (unquoted "decimal(18,2)" in a YAML flow map splits at the comma), so
    // the check can name the entry instead of failing to build the spec.
    columns =
        columns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }
}
