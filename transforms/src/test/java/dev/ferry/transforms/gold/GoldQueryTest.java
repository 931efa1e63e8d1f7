package dev.ferry.transforms.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.testkit.DeltaKernelReader;
import dev.ferry.testkit.DuckDbReader;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.WriteDeltaTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class GoldQueryTest {

  static final List<Column> ORDERS =
      List.of(
          col("id", ColumnType.of(Kind.INT64)),
          col("customer_id", ColumnType.of(Kind.INT64)),
          col("ordered_at", ColumnType.of(Kind.TIMESTAMP)),
          col("total", ColumnType.decimal(12, 2)),
          col("status", ColumnType.string(0)));
  static final List<Column> ORDER_ITEMS =
      List.of(
          col("order_id", ColumnType.of(Kind.INT64)),
          col("product_id", ColumnType.of(Kind.INT64)),
          col("quantity", ColumnType.of(Kind.INT32)),
          col("unit_price", ColumnType.decimal(10, 2)));
  static final List<Column> PRODUCTS =
      List.of(col("id", ColumnType.of(Kind.INT64)), col("name", ColumnType.string(0)));

  static final String DAILY_REVENUE =
      "SELECT CAST(o.ordered_at AS DATE) AS order_day, p.name AS product,"
          + " SUM(i.quantity * i.unit_price) AS revenue, COUNT(*) AS lines"
          + " FROM orders o JOIN order_items i ON i.order_id = o.id"
          + " JOIN products p ON p.id = i.product_id"
          + " WHERE o.status = 'paid'"
          + " GROUP BY CAST(o.ordered_at AS DATE), p.name";

  static final String CUSTOMER_VALUE =
      "SELECT customer_id, COUNT(*) AS orders, SUM(total) AS lifetime_value,"
          + " MIN(ordered_at_micros) AS first_order_at, MAX(ordered_at_micros) AS last_order_at"
          + " FROM orders GROUP BY customer_id";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void dailyRevenuePerProductSumsDecimalsExactly(TestPipeline p) {
    GoldQuery daily = daily();
    PCollection<Row> rows = silver(p).apply(daily);

    assertEquals(
        List.of(
            col("order_day", ColumnType.of(Kind.DATE)),
            col("product", ColumnType.string(0)),
            col("revenue", ColumnType.decimal(18, 2)),
            col("lines", ColumnType.of(Kind.INT64))),
        daily.columns().stream().map(c -> col(c.name(), c.type())).toList(),
        "ferry types of the result");
    assertFalse(daily.columns().get(3).nullable(), "COUNT(*) is never null");
    Schema s = BeamSchemas.of(daily.columns());
    PAssert.that(rows)
        .containsInAnyOrder(
            Row.withSchema(s)
                .addValues(LocalDate.of(2024, 3, 5), "mug", new BigDecimal("30.50"), 2L)
                .build(),
            Row.withSchema(s)
                .addValues(LocalDate.of(2024, 3, 5), "tea", new BigDecimal("5.00"), 1L)
                .build(),
            Row.withSchema(s)
                .addValues(LocalDate.of(2024, 3, 6), "tea", new BigDecimal("7.25"), 1L)
                .build());
    p.run().waitUntilFinish();
  }

  @Test
  void customerLifetimeValueKeepsMicroseconds(TestPipeline p) {
    GoldQuery clv =
        GoldQuery.of("customer_value", CUSTOMER_VALUE)
            .withColumnType("lifetime_value", ColumnType.decimal(18, 2))
            .withColumnType("first_order_at", ColumnType.of(Kind.TIMESTAMP))
            .withColumnType("last_order_at", ColumnType.of(Kind.TIMESTAMP));
    PCollection<Row> rows = silver(p).apply(clv);

    assertEquals(
        List.of(
            ColumnType.of(Kind.INT64),
            ColumnType.of(Kind.INT64),
            ColumnType.decimal(18, 2),
            ColumnType.of(Kind.TIMESTAMP),
            ColumnType.of(Kind.TIMESTAMP)),
        clv.columns().stream().map(Column::type).toList());
    Schema s = BeamSchemas.of(clv.columns());
    PAssert.that(rows)
        .containsInAnyOrder(
            Row.withSchema(s)
                .addValues(
                    10L,
                    3L,
                    new BigDecimal("36.60"),
                    Instant.parse("2024-03-05T10:11:12.123456Z"),
                    Instant.parse("2024-03-07T08:00:00.500000Z"))
                .build(),
            Row.withSchema(s)
                .addValues(
                    20L,
                    1L,
                    new BigDecimal("7.25"),
                    Instant.parse("2024-03-06T00:00:00.000001Z"),
                    Instant.parse("2024-03-06T00:00:00.000001Z"))
                .build());
    p.run().waitUntilFinish();
  }

  @Test
  void extractAndDayTruncationGroupByDay(TestPipeline p) {
    GoldQuery byDay =
        GoldQuery.of(
            "orders_per_day",
            "SELECT EXTRACT(MONTH FROM ordered_at) AS m, EXTRACT(DAY FROM ordered_at) AS d,"
                + " CAST(FLOOR(ordered_at TO DAY) AS DATE) AS day_start, COUNT(*) AS n"
                + " FROM orders GROUP BY EXTRACT(MONTH FROM ordered_at),"
                + " EXTRACT(DAY FROM ordered_at), CAST(FLOOR(ordered_at TO DAY) AS DATE)");
    PCollection<Row> rows = silver(p).apply(byDay);
    Schema s = BeamSchemas.of(byDay.columns());
    assertEquals(
        List.of(
            ColumnType.of(Kind.INT64),
            ColumnType.of(Kind.INT64),
            ColumnType.of(Kind.DATE),
            ColumnType.of(Kind.INT64)),
        byDay.columns().stream().map(Column::type).toList());
    PAssert.that(rows)
        .containsInAnyOrder(
            Row.withSchema(s).addValues(3L, 5L, LocalDate.of(2024, 3, 5), 2L).build(),
            Row.withSchema(s).addValues(3L, 6L, LocalDate.of(2024, 3, 6), 1L).build(),
            Row.withSchema(s).addValues(3L, 7L, LocalDate.of(2024, 3, 7), 1L).build());
    p.run().waitUntilFinish();
  }

  @Test
  void aBadQueryFailsWithOneLineNamingTheGoldTable() {
    assertRejected("SELEC id FROM orders", "Non-query expression encountered in illegal context");
    assertRejected(
        "SELECT id FROM refunds",
        "From line 1, column 16 to line 1, column 22: Object 'refunds' not found");
    assertRejected(
        "SELECT id, discount FROM orders",
        "From line 1, column 12 to line 1, column 19: Column 'discount' not found in any table");
  }

  @Test
  void validateTypesTheResultFromTheSilverColumnsAlone() {
    List<Column> columns =
        daily()
            .validate(Map.of("orders", ORDERS, "order_items", ORDER_ITEMS, "products", PRODUCTS));
    assertEquals(
        List.of(
            col("order_day", ColumnType.of(Kind.DATE)),
            col("product", ColumnType.string(0)),
            col("revenue", ColumnType.decimal(18, 2)),
            col("lines", ColumnType.of(Kind.INT64))),
        columns.stream().map(c -> col(c.name(), c.type())).toList());
  }

  @Test
  void validateRejectsABadQueryInOneLine() {
    Map<String, List<Column>> silver = Map.of("orders", ORDERS);
    GoldQueryException unknownTable =
        assertThrows(GoldQueryException.class, () -> daily().validate(silver));
    assertEquals(
        "gold table daily_revenue: the SQL was rejected: From line 1, column 148 to line 1,"
            + " column 158: Object 'order_items' not found",
        unknownTable.getMessage());
    GoldQueryException unknownColumn =
        assertThrows(
            GoldQueryException.class,
            () -> GoldQuery.of("bad", "SELECT discount FROM orders").validate(silver));
    assertEquals(
        "gold table bad: the SQL was rejected: From line 1, column 8 to line 1, column 15:"
            + " Column 'discount' not found in any table",
        unknownColumn.getMessage());
    GoldQueryException undeclared =
        assertThrows(
            GoldQueryException.class,
            () -> GoldQuery.of("totals", "SELECT SUM(total) AS t FROM orders").validate(silver));
    assertTrue(undeclared.getMessage().startsWith("gold table totals: column t is a decimal"));
  }

  @Test
  void aMillisecondTimestampResultRefusesMicrosecondsInsteadOfCuttingThem() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    silver(p).apply(GoldQuery.of("first_orders", "SELECT MIN(ordered_at) AS first_at FROM orders"));
    Throwable e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    String message = cause(e).getMessage();
    // Which order's timestamp comes first depends on the runner.
    assertTrue(
        message.matches(
            "gold table first_orders: orders\\.ordered_at = 2024-03-0\\S+ has microseconds,"
                + " which Beam SQL cuts to milliseconds in result column\\(s\\) first_at;"
                + " select ordered_at_micros and declare the column's type to keep them"),
        message);
  }

  @Test
  void anUndeclaredDecimalResultIsRefused() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple silver = silver(p);
    GoldQueryException e =
        assertThrows(
            GoldQueryException.class,
            () -> silver.apply(GoldQuery.of("totals", "SELECT SUM(total) AS t FROM orders")));
    assertEquals(
        "gold table totals: column t is a decimal, whose precision and scale Beam SQL does not"
            + " track; declare its type, e.g. decimal(18,2)",
        e.getMessage());
  }

  @Test
  void aGoldResultIsWrittenToDeltaAndReadBack(TestPipeline p) {
    String path = tmp.resolve("gold/daily_revenue").toString();
    GoldQuery daily = daily();
    silver(p)
        .apply(daily)
        .apply(WriteDeltaTable.to(DeltaTableSpec.of(path, "daily_revenue", daily.columns())));
    p.run().waitUntilFinish();

    Set<String> want =
        Set.of("2024-03-05|mug|30.50|2", "2024-03-05|tea|5.00|1", "2024-03-06|tea|7.25|1");
    assertEquals(want, flat(DeltaKernelReader.latest(path).rows()));
    assertEquals(want, flat(DuckDbReader.read(path)));
  }

  private static GoldQuery daily() {
    return GoldQuery.of("daily_revenue", DAILY_REVENUE)
        .withColumnType("revenue", ColumnType.decimal(18, 2));
  }

  private static void assertRejected(String sql, String reason) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple silver = silver(p);
    GoldQueryException e =
        assertThrows(GoldQueryException.class, () -> silver.apply(GoldQuery.of("bad", sql)));
    assertEquals("gold table bad: the SQL was rejected: " + reason, e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  private static GoldQueryException cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GoldQueryException g) {
        return g;
      }
    }
    throw new AssertionError("no GoldQueryException in " + e, e);
  }

  private static Set<String> flat(List<Map<String, Object>> rows) {
    return rows.stream()
        .map(
            r ->
                r.get("order_day")
                    + "|"
                    + r.get("product")
                    + "|"
                    + r.get("revenue")
                    + "|"
                    + r.get("lines"))
        .collect(Collectors.toSet());
  }

  private static PCollectionTuple silver(Pipeline p) {
    Schema os = BeamSchemas.of(ORDERS);
    Schema is = BeamSchemas.of(ORDER_ITEMS);
    Schema ps = BeamSchemas.of(PRODUCTS);
    List<Row> orders =
        List.of(
            order(os, 1, 10, "2024-03-05T10:11:12.123456Z", "25.50", "paid"),
            order(os, 2, 10, "2024-03-05T23:59:59.999999Z", "10.00", "paid"),
            order(os, 3, 20, "2024-03-06T00:00:00.000001Z", "7.25", "paid"),
            order(os, 4, 10, "2024-03-07T08:00:00.500Z", "1.10", "cancelled"));
    List<Row> items =
        List.of(
            item(is, 1, 100, 2, "10.25"),
            item(is, 1, 200, 1, "5.00"),
            item(is, 2, 100, 1, "10.00"),
            item(is, 3, 200, 1, "7.25"),
            item(is, 4, 100, 1, "1.10"));
    List<Row> products =
        List.of(
            Row.withSchema(ps).addValues(100L, "mug").build(),
            Row.withSchema(ps).addValues(200L, "tea").build());
    return PCollectionTuple.of(
            new TupleTag<Row>("orders"), p.apply("orders", Create.of(orders).withRowSchema(os)))
        .and(
            new TupleTag<Row>("order_items"),
            p.apply("order_items", Create.of(items).withRowSchema(is)))
        .and(
            new TupleTag<Row>("products"),
            p.apply("products", Create.of(products).withRowSchema(ps)));
  }

  private static Row order(
      Schema s, long id, long customer, String at, String total, String status) {
    return Row.withSchema(s)
        .addValues(id, customer, Instant.parse(at), new BigDecimal(total), status)
        .build();
  }

  private static Row item(Schema s, long order, long product, int qty, String price) {
    return Row.withSchema(s).addValues(order, product, qty, new BigDecimal(price)).build();
  }

  private static Column col(String name, ColumnType type) {
    return new Column(name, type.toString(), type, true, null);
  }
}
