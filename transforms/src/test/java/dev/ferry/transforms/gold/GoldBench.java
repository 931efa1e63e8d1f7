package dev.ferry.transforms.gold;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Times the two sample gold queries on the DirectRunner over generated silver tables (orders 20k,
 * order_items 40k, products 200), for docs/gold.md. Not a test: run it with the test classpath,
 * e.g. {@code java -cp … dev.ferry.transforms.gold.GoldBench --targetParallelism=2}; arguments are
 * pipeline options, {@code -Dferry.goldBench.orders=N} changes the size.
 */
public final class GoldBench {

  private GoldBench() {}

  public static void main(String[] args) {
    int orders = Integer.getInteger("ferry.goldBench.orders", 20_000);
    String only = System.getProperty("ferry.goldBench.query", "");
    if (!only.equals("clv")) {
      time(args, orders, daily());
    }
    if (!only.equals("daily")) {
      time(args, orders, customerValue());
    }
  }

  static GoldQuery daily() {
    return GoldQuery.of("daily_revenue", GoldQueryTest.DAILY_REVENUE)
        .withColumnType("revenue", ColumnType.decimal(18, 2));
  }

  static GoldQuery customerValue() {
    return GoldQuery.of("customer_value", GoldQueryTest.CUSTOMER_VALUE)
        .withColumnType("lifetime_value", ColumnType.decimal(18, 2))
        .withColumnType("first_order_at", ColumnType.of(Kind.TIMESTAMP))
        .withColumnType("last_order_at", ColumnType.of(Kind.TIMESTAMP));
  }

  private static void time(String[] args, int orders, GoldQuery query) {
    // As ferry's runner sets them, unless the arguments say otherwise.
    DirectOptions options = PipelineOptionsFactory.fromArgs(args).as(DirectOptions.class);
    if (List.of(args).stream().noneMatch(a -> a.startsWith("--enforce"))) {
      options.setEnforceImmutability(false);
      options.setEnforceEncodability(false);
    }
    Pipeline p = Pipeline.create(options);
    PCollectionTuple silver = silver(p, orders);
    silver.apply(query).apply("Count", ParDo.of(new CountFn()));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long cpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
    long rows =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(GoldBench.class, "rows"))
                    .build())
            .getCounters()
            .iterator()
            .next()
            .getAttempted();
    int silverRows = orders + orders * 2 + 200;
    System.out.printf(
        "GOLD-BENCH %s: %d silver rows -> %d gold rows in %d ms, %d ms CPU (%s)%n",
        query.goldTable(), silverRows, rows, ms, cpuMs, String.join(" ", args));
  }

  static PCollectionTuple silver(Pipeline p, int orders) {
    Schema os = BeamSchemas.of(GoldQueryTest.ORDERS);
    Schema is = BeamSchemas.of(GoldQueryTest.ORDER_ITEMS);
    Schema ps = BeamSchemas.of(GoldQueryTest.PRODUCTS);
    List<Row> o = new ArrayList<>();
    List<Row> i = new ArrayList<>();
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (long id = 1; id <= orders; id++) {
      o.add(
          Row.withSchema(os)
              .addValues(
                  id,
                  id % 5_000,
                  start.plusSeconds(id * 517).plusNanos((id % 1000) * 1000),
                  BigDecimal.valueOf(id % 10_000, 2),
                  id % 10 == 0 ? "cancelled" : "paid")
              .build());
      for (int k = 0; k < 2; k++) {
        i.add(
            Row.withSchema(is)
                .addValues(id, (id * 7 + k) % 200, 1 + k, BigDecimal.valueOf(100 + (id % 900), 2))
                .build());
      }
    }
    List<Row> prods = new ArrayList<>();
    for (long id = 0; id < 200; id++) {
      prods.add(Row.withSchema(ps).addValues(id, "product " + id).build());
    }
    return PCollectionTuple.of(
            new TupleTag<Row>("orders"), p.apply("orders", Create.of(o).withRowSchema(os)))
        .and(
            new TupleTag<Row>("order_items"),
            p.apply("order_items", Create.of(i).withRowSchema(is)))
        .and(
            new TupleTag<Row>("products"), p.apply("products", Create.of(prods).withRowSchema(ps)));
  }

  /** Counts the gold rows. */
  static final class CountFn extends DoFn<Row, Void> {
    private final Counter rows = Metrics.counter(GoldBench.class, "rows");

    @ProcessElement
    public void process() {
      rows.inc();
    }
  }
}
