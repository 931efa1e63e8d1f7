package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresSourceDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.transforms.read.JdbcRangeReader;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How fast chunk digests are over a 1M-row PostgreSQL table of eight columns: the reader alone, the
 * digest alone on rows in memory, DigestRanges on the DirectRunner, and PostgreSQL's own md5 of the
 * ordered rows as the plain-SQL yardstick. Not a timed assertion; it prints the figures. Run with
 * {@code -Dtest=DigestRangesMeasure -Dferry.measure=true} (optionally {@code -Dferry.rows=N}).
 */
@EnabledIfSystemProperty(named = "ferry.measure", matches = "true")
@ExtendWith(PostgresExtension.class)
class DigestRangesMeasure {

  @Test
  void digestsAMillionRows(TestDatabase db) throws Exception {
    long rows = Long.getLong("ferry.rows", 1_000_000L);
    JdbcLogin login = JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(db.password()));
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE big (id bigint PRIMARY KEY, qty integer, price numeric(12,2), name text,"
              + " at timestamptz, day date, flag boolean, data bytea)");
      long start = System.nanoTime();
      s.execute(
          "INSERT INTO big SELECT i, (i % 1000)::int, (i % 100000) / 100.0,"
              + " CASE WHEN i % 17 = 0 THEN NULL ELSE 'Zürich 東京 item ' || i END,"
              + " timestamptz '2026-01-01 00:00:00+00' + i * interval '1.000001 second',"
              + " date '2000-01-01' + (i % 10000)::int, i % 2 = 0,"
              + " decode(lpad(to_hex(i), 8, '0'), 'hex') FROM generate_series(1, "
              + rows
              + ") i");
      s.execute("ANALYZE big");
      System.out.printf("MEASURE: loaded %d rows in %.1f s%n", rows, secs(start));
    }
    Table table;
    try (Connection c = login.connect()) {
      table = PostgresSourceDialect.INSTANCE.inventory(c, login).table("big").orElseThrow();
    }
    RangeReader reader =
        JdbcRangeReader.of(login, PostgresSourceDialect.INSTANCE, table, ReadOptions.DEFAULT);
    List<KeyRange> ranges = DigestRanges.covering(reader.ranges(100_000));

    // 1. the reader alone, one thread
    AtomicLong read = new AtomicLong();
    long start = System.nanoTime();
    for (KeyRange r : ranges) {
      reader.read(r, row -> read.incrementAndGet(), f -> {});
    }
    report("read only, 1 thread", read.get(), secs(start));

    // 2. the digest alone, on rows held in memory (first range), one thread
    List<org.apache.beam.sdk.values.Row> held = new java.util.ArrayList<>();
    reader.read(ranges.get(0), held::add, f -> {});
    ChunkDigest.Builder chunk = ChunkDigest.builder(table.columns());
    start = System.nanoTime();
    for (int pass = 0; pass < 5; pass++) {
      held.forEach(chunk::add);
    }
    report("digest only, 1 thread", 5L * held.size(), secs(start));

    // 3. digests of every range without Beam, one thread
    digestWithoutBeam(reader, ranges, rows);

    // 4. DigestRanges on the DirectRunner, ranges in parallel (twice: the first run warms up)
    for (int run = 1; run <= 2; run++) {
      digestInPipeline(reader, ranges, rows, "run " + run);
    }

    digestWithoutBeam(reader, ranges, rows); // again, to see how noisy the machine is

    // 5. the plain-SQL yardstick: md5 of the ordered rows' text, on the server
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      start = System.nanoTime();
      try (ResultSet rs =
          s.executeQuery("SELECT count(*), md5(string_agg(t::text, '' ORDER BY id)) FROM big t")) {
        rs.next();
        assertEquals(rows, rs.getLong(1));
      }
      report("SQL count + md5(string_agg ordered), server", rows, secs(start));
    }
  }

  private static void digestWithoutBeam(RangeReader reader, List<KeyRange> ranges, long rows) {
    long start = System.nanoTime();
    ChunkDigest sum = ChunkDigest.EMPTY;
    for (KeyRange r : ranges) {
      ChunkDigest.Builder b = ChunkDigest.builder(reader.table().columns());
      reader.read(r, b::add, f -> b.addFailed());
      sum = sum.plus(b.build());
    }
    assertEquals(rows, sum.rows());
    report("read + digest without Beam, 1 thread", rows, secs(start));
  }

  private static void digestInPipeline(
      RangeReader reader, List<KeyRange> ranges, long rows, String run) {
    String parallelism = System.getProperty("ferry.parallelism", "2");
    Pipeline p =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs(
                    "--blockOnRun=true", "--targetParallelism=" + parallelism)
                .create());
    PCollection<Long> total =
        p.apply(DigestRanges.of(reader, ranges))
            .get(DigestRanges.DIGESTS)
            .apply(MapElements.into(TypeDescriptors.longs()).via(kv -> kv.getValue().rows()))
            .apply(Sum.longsGlobally());
    PAssert.thatSingleton(total).isEqualTo(rows);
    long start = System.nanoTime();
    p.run().waitUntilFinish();
    report(
        "DigestRanges, DirectRunner x" + parallelism + ", " + ranges.size() + " ranges, " + run,
        rows,
        secs(start));
  }

  private static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void report(String what, long rows, double seconds) {
    System.out.printf(
        "MEASURE: %-50s %,d rows in %.2f s = %,.0f rows/s = %,.1f M rows/min (%d cores)%n",
        what,
        rows,
        seconds,
        rows / seconds,
        rows / seconds * 60 / 1e6,
        Runtime.getRuntime().availableProcessors());
  }
}
