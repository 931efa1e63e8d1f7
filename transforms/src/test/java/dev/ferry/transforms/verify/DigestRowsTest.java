package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sqlite.SqliteCatalog;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.read.ReadSqliteTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows already in a collection digest, chunk by chunk, exactly as {@link DigestRanges} digests the
 * same rows read range by range; a chunk no row falls in still gets its (empty) digest.
 */
@ExtendWith(TestPipelineExtension.class)
class DigestRowsTest {

  @TempDir static Path dir;
  private static RangeReader reader;
  private static List<KeyRange> ranges;
  private static Chunks chunks;
  private static List<Row> rows;

  @BeforeAll
  static void load() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("items.db");
    try (Connection c = DriverManager.getConnection(url)) {
      Items.createSqlite(c, "items");
    }
    Table table = SqliteCatalog.read(url).table("items").orElseThrow();
    reader = ReadSqliteTable.from(url, table).rangeReader();
    ranges = DigestRanges.covering(reader.ranges(10));
    assertEquals(5, ranges.size(), ranges.toString());
    int split = table.columns().indexOf(table.column("id").orElseThrow());
    chunks = new Chunks(ranges, split);
    rows = new ArrayList<>();
    for (KeyRange r : ranges) {
      reader.read(
          r,
          rows::add,
          f -> {
            throw new AssertionError("no row fails: " + f);
          });
    }
    assertEquals(Items.ROWS, rows.size());
  }

  private static PCollection<KV<KeyRange, ChunkDigest>> digestRows(TestPipeline p, List<Row> in) {
    return p.apply("Rows", Create.of(in).withRowSchema(reader.rowSchema()))
        .apply("DigestRows", DigestRows.into(reader.table().columns(), chunks));
  }

  private static Map<Long, ChunkDigest> byStart(Iterable<KV<KeyRange, ChunkDigest>> digests) {
    Map<Long, ChunkDigest> out = new TreeMap<>();
    for (KV<KeyRange, ChunkDigest> d : digests) {
      assertEquals(null, out.put(d.getKey().from(), d.getValue()), "one digest per chunk");
    }
    return out;
  }

  @Test
  void rowsDigestAsTheirRangesReadDigest(TestPipeline p) {
    PCollection<KV<KeyRange, ChunkDigest>> fromRows = digestRows(p, rows);
    PCollectionTuple fromRanges = p.apply("DigestRanges", DigestRanges.of(reader, ranges));
    PAssert.that(fromRanges.get(DigestRanges.FAILED)).empty();
    PAssert.that(
            PCollectionTuple.of(CompareChunks.SOURCE, fromRows)
                .and(CompareChunks.TARGET, fromRanges.get(DigestRanges.DIGESTS))
                .apply("Compare", CompareChunks.byRange()))
        .satisfies(
            all -> {
              int n = 0;
              for (ChunkComparison c : all) {
                n++;
                assertTrue(c.equal(), c.toString());
                assertTrue(c.source().rows() > 0, c.toString());
                assertEquals(c.source(), c.target(), c.toString());
              }
              assertEquals(ranges.size(), n);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void everyChunkIsPresentEvenWhenNoRowFallsInIt(TestPipeline p) {
    List<Row> firstFew =
        rows.stream().filter(r -> ((Number) r.getValue("id")).longValue() <= 3).toList();
    PAssert.that(digestRows(p, firstFew))
        .satisfies(
            digests -> {
              Map<Long, ChunkDigest> d = byStart(digests);
              assertEquals(ranges.size(), d.size(), d.toString());
              assertEquals(3, d.get(Long.MIN_VALUE).rows());
              d.entrySet().stream()
                  .filter(e -> e.getKey() != Long.MIN_VALUE)
                  .forEach(e -> assertEquals(ChunkDigest.EMPTY, e.getValue(), e.toString()));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void noRowsGiveAnEmptyDigestForEveryChunk(TestPipeline p) {
    PAssert.that(digestRows(p, List.of()))
        .satisfies(
            digests -> {
              Map<Long, ChunkDigest> d = byStart(digests);
              assertEquals(ranges.size(), d.size());
              d.values().forEach(v -> assertEquals(ChunkDigest.EMPTY, v));
              return null;
            });
    p.run().waitUntilFinish();
  }
}
