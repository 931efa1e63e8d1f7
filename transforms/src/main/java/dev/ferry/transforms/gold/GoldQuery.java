package dev.ferry.transforms.gold;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.gold.GoldColumns.In;
import dev.ferry.transforms.gold.GoldColumns.Result;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.extensions.sql.impl.BeamSqlEnv;
import org.apache.beam.sdk.extensions.sql.impl.rel.BeamRelNode;
import org.apache.beam.sdk.extensions.sql.impl.rel.BeamSqlRelUtils;
import org.apache.beam.sdk.extensions.sql.impl.schema.BeamPCollectionTable;
import org.apache.beam.sdk.extensions.sql.impl.utils.CalciteUtils;
import org.apache.beam.sdk.extensions.sql.meta.BeamSqlTable;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Runs one gold table's SQL statement over silver tables and returns its rows in ferry's logical
 * types, ready for {@code WriteDeltaTable}. Bounded: it runs once over the silver tables as they
 * are.
 *
 * <pre>{@code
 * GoldQuery daily = GoldQuery.of("daily_revenue",
 *     "SELECT CAST(o.ordered_at AS DATE) AS day, i.product_id, SUM(i.quantity * i.unit_price) AS revenue"
 *         + " FROM orders o JOIN order_items i ON i.order_id = o.id"
 *         + " GROUP BY CAST(o.ordered_at AS DATE), i.product_id")
 *     .withColumnType("revenue", ColumnType.decimal(18, 2));
 * PCollection<Row> rows = PCollectionTuple.of("orders", orders).and("order_items", items).apply(daily);
 * rows.apply(WriteDeltaTable.to(DeltaTableSpec.of(path, "daily_revenue", daily.columns())));
 * }</pre>
 *
 * <p>Each input is tagged with its silver table's name and has a ferry row schema ({@link
 * BeamSchemas#of}). Time columns enter SQL as described in {@link GoldColumns}: milliseconds for
 * date functions, {@code <name>_micros} for exact values. A result column of SQL type TIMESTAMP or
 * TIME holds milliseconds, so when the result has one, a silver time value with microseconds fails
 * the pipeline rather than being cut; select {@code <name>_micros} and declare the column's type
 * ({@link #withColumnType}) to keep them.
 *
 * <p>The query is planned when the transform is applied, or earlier by {@link #validate} on the
 * silver tables' columns alone: a syntax error, an unknown table or column throws {@link
 * GoldQueryException} with one line naming the gold table and Calcite's reason.
 */
public final class GoldQuery extends PTransform<PCollectionTuple, PCollection<Row>> {

  private final String goldTable;
  private final String sql;
  private final Map<String, ColumnType> declared;
  private transient List<Column> columns;

  private GoldQuery(String goldTable, String sql, Map<String, ColumnType> declared) {
    super("Gold:" + goldTable);
    this.goldTable = goldTable;
    this.sql = sql;
    this.declared = declared;
  }

  public static GoldQuery of(String goldTable, String sql) {
    return new GoldQuery(goldTable, sql, Map.of());
  }

  /**
   * Declares a result column's ferry type: {@code timestamp}, {@code timestamp_local} or {@code
   * time} for a BIGINT of microseconds, or a type with the derived one's carrier ({@code json},
   * {@code uuid} for text; another {@code decimal(p,s)}).
   */
  public GoldQuery withColumnType(String column, ColumnType type) {
    Map<String, ColumnType> m = new LinkedHashMap<>(declared);
    m.put(column, type);
    return new GoldQuery(goldTable, sql, Map.copyOf(m));
  }

  public String goldTable() {
    return goldTable;
  }

  /** The result's ferry columns; known once the transform has been applied. */
  public List<Column> columns() {
    if (columns == null) {
      throw new IllegalStateException("gold table " + goldTable + " has not been applied yet");
    }
    return columns;
  }

  /**
   * Plans the query on the silver tables' columns alone, without rows or a pipeline, so a job can
   * be checked before it runs.
   *
   * @param silverTables silver table name → its ferry columns
   * @return the result's ferry columns
   * @throws GoldQueryException with one line, for a syntax error, an unknown table or column, or a
   *     result column ferry cannot store or whose declared type does not fit
   */
  public List<Column> validate(Map<String, List<Column>> silverTables) {
    Map<String, Schema> ferry = new LinkedHashMap<>();
    silverTables.forEach((name, cols) -> ferry.put(name, BeamSchemas.of(cols)));
    return GoldColumns.columns(planResults(sqlSchemas(ferry)));
  }

  @Override
  public PCollection<Row> expand(PCollectionTuple input) {
    Map<String, PCollection<Row>> ferryInputs = new LinkedHashMap<>();
    Map<String, Schema> ferrySchemas = new LinkedHashMap<>();
    for (Map.Entry<TupleTag<?>, PCollection<?>> e : input.getAll().entrySet()) {
      String name = e.getKey().getId();
      if (!e.getValue().hasSchema()) {
        throw new GoldQueryException(
            "gold table " + goldTable + ": silver table " + name + " has no row schema");
      }
      PCollection<Row> rows = input.get(name);
      ferryInputs.put(name, rows);
      ferrySchemas.put(name, rows.getSchema());
    }

    // Plan once on schemas alone to learn the result types, then again on the converted inputs.
    Map<String, Schema> sqlSchemas = sqlSchemas(ferrySchemas);
    List<String> millisColumns =
        planResults(sqlSchemas).stream()
            .filter(Result::millisecondTime)
            .map(r -> r.column().name())
            .toList();

    Map<String, BeamSqlTable> tables = new LinkedHashMap<>();
    ferryInputs.forEach(
        (name, rows) -> {
          Schema sqlSchema = sqlSchemas.get(name);
          PCollection<Row> sqlRows =
              rows.apply(
                      "ToSql:" + name,
                      ParDo.of(
                          new ToSqlFn(goldTable, name, rows.getSchema(), sqlSchema, millisColumns)))
                  .setRowSchema(sqlSchema);
          tables.put(name, new BeamPCollectionTable<>(sqlRows));
        });
    BeamRelNode rel = parse(tables);
    PCollection<Row> result = BeamSqlRelUtils.toPCollection(input.getPipeline(), rel);
    List<Result> results =
        GoldColumns.results(goldTable, rel.getRowType(), result.getSchema(), declared);
    this.columns = GoldColumns.columns(results);
    Schema ferry = BeamSchemas.of(columns);
    return result
        .apply("FromSql", ParDo.of(new FromSqlFn(goldTable, results, ferry)))
        .setRowSchema(ferry);
  }

  private Map<String, Schema> sqlSchemas(Map<String, Schema> ferrySchemas) {
    Map<String, Schema> sql = new LinkedHashMap<>();
    ferrySchemas.forEach(
        (name, schema) -> sql.put(name, GoldColumns.sqlSchema(goldTable, name, schema)));
    return sql;
  }

  private List<Result> planResults(Map<String, Schema> sqlSchemas) {
    BeamRelNode plan = parse(planOnly(sqlSchemas));
    return GoldColumns.results(
        goldTable, plan.getRowType(), CalciteUtils.toSchema(plan.getRowType()), declared);
  }

  private static Map<String, BeamSqlTable> planOnly(Map<String, Schema> schemas) {
    Map<String, BeamSqlTable> tables = new LinkedHashMap<>();
    schemas.forEach((name, schema) -> tables.put(name, new PlanOnlyTable(schema)));
    return tables;
  }

  private BeamRelNode parse(Map<String, BeamSqlTable> tables) {
    try {
      return BeamSqlEnv.readOnly("ferry", tables).parseQuery(sql);
    } catch (Exception | LinkageError e) {
      throw new GoldQueryException(
          "gold table " + goldTable + ": the SQL was rejected: " + SqlErrors.reason(e), e);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("goldTable", goldTable)).add(DisplayData.item("sql", sql));
  }

  /**
   * Ferry rows → the rows SQL reads; refuses sub-millisecond times when a result would cut them.
   */
  static final class ToSqlFn extends DoFn<Row, Row> {
    private final String goldTable;
    private final String silverTable;
    private final List<In> ins;
    private final List<String> names;
    private final Schema sqlSchema;
    private final List<String> millisColumns;

    ToSqlFn(
        String goldTable,
        String silverTable,
        Schema ferry,
        Schema sqlSchema,
        List<String> millisColumns) {
      this.goldTable = goldTable;
      this.silverTable = silverTable;
      this.ins = ferry.getFields().stream().map(f -> GoldColumns.in(f.getType())).toList();
      this.names = ferry.getFieldNames();
      this.sqlSchema = sqlSchema;
      this.millisColumns = List.copyOf(millisColumns);
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      List<Object> values = new ArrayList<>(sqlSchema.getFieldCount());
      List<Object> micros = new ArrayList<>();
      for (int i = 0; i < ins.size(); i++) {
        Object v = row.getValue(i);
        switch (ins.get(i)) {
          case AS_IS -> values.add(v);
          case INSTANT -> {
            Instant t = (Instant) v;
            check(i, v, t == null ? 0 : t.getNano());
            values.add(t == null ? null : new org.joda.time.Instant(t.toEpochMilli()));
            micros.add(t == null ? null : t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
          }
          case LOCAL_DATE_TIME -> {
            LocalDateTime t = (LocalDateTime) v;
            check(i, v, t == null ? 0 : t.getNano());
            values.add(t);
            micros.add(
                t == null
                    ? null
                    : t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1_000);
          }
          case LOCAL_TIME -> {
            LocalTime t = (LocalTime) v;
            check(i, v, t == null ? 0 : t.getNano());
            values.add(t);
            micros.add(t == null ? null : t.toNanoOfDay() / 1_000);
          }
        }
      }
      values.addAll(micros);
      out.output(Row.withSchema(sqlSchema).attachValues(values));
    }

    private void check(int field, Object value, int nanos) {
      if (!millisColumns.isEmpty() && nanos % 1_000_000 != 0) {
        throw new GoldQueryException(
            "gold table "
                + goldTable
                + ": "
                + silverTable
                + "."
                + names.get(field)
                + " = "
                + value
                + " has microseconds, which Beam SQL cuts to milliseconds in result column(s) "
                + String.join(", ", millisColumns)
                + "; select "
                + names.get(field)
                + GoldColumns.MICROS_SUFFIX
                + " and declare the column's type to keep them");
      }
    }
  }

  /** SQL result rows → ferry rows. */
  static final class FromSqlFn extends DoFn<Row, Row> {
    private final String goldTable;
    private final List<Result> results;
    private final Schema ferry;

    FromSqlFn(String goldTable, List<Result> results, Schema ferry) {
      this.goldTable = goldTable;
      this.results = results;
      this.ferry = ferry;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      List<Object> values = new ArrayList<>(results.size());
      for (int i = 0; i < results.size(); i++) {
        Object v = row.getValue(i);
        values.add(v == null ? null : convert(results.get(i), v));
      }
      out.output(Row.withSchema(ferry).attachValues(values));
    }

    private Object convert(Result r, Object v) {
      return switch (r.conversion()) {
        case AS_IS -> v;
        case TINYINT_TO_SHORT -> (short) (byte) (Byte) v;
        case JODA_TO_INSTANT ->
            Instant.ofEpochMilli(((org.joda.time.ReadableInstant) v).getMillis());
        case MICROS_TO_INSTANT -> {
          long us = (Long) v;
          yield Instant.ofEpochSecond(
              Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000);
        }
        case MICROS_TO_LOCAL_DATE_TIME -> {
          long us = (Long) v;
          yield LocalDateTime.ofEpochSecond(
              Math.floorDiv(us, 1_000_000L),
              (int) Math.floorMod(us, 1_000_000L) * 1_000,
              ZoneOffset.UTC);
        }
        case MICROS_TO_LOCAL_TIME -> LocalTime.ofNanoOfDay((Long) v * 1_000);
        case DECIMAL -> decimal(r.column(), (BigDecimal) v);
      };
    }

    private BigDecimal decimal(Column c, BigDecimal v) {
      ColumnType t = c.type();
      BigDecimal scaled;
      try {
        scaled = v.setScale(t.scale(), RoundingMode.UNNECESSARY);
      } catch (ArithmeticException e) {
        scaled = null;
      }
      if (scaled == null || scaled.precision() - scaled.scale() > t.precision() - t.scale()) {
        throw new GoldQueryException(
            "gold table " + goldTable + ": " + c.name() + " = " + v + " does not fit " + t);
      }
      return scaled;
    }
  }
}
