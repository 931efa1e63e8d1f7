package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class ChunkDigestTest {

  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", "bigint", ColumnType.of(Kind.INT64), false, null),
          new Column("name", "text", ColumnType.string(0), true, null));
  private static final Schema SCHEMA = BeamSchemas.of(COLUMNS);

  private static Row row(long id, String name) {
    return Row.withSchema(SCHEMA).addValues(id, name).build();
  }

  private static ChunkDigest digest(Row... rows) {
    ChunkDigest.Builder chunk = ChunkDigest.builder(COLUMNS);
    for (Row r : rows) {
      chunk.add(r);
    }
    return chunk.build();
  }

  @Test
  void orderDoesNotMatter() {
    assertEquals(
        digest(row(1, "a"), row(2, "b"), row(3, null)),
        digest(row(3, null), row(1, "a"), row(2, "b")));
  }

  @Test
  void aDuplicatedRowChangesCountAndDigest() {
    ChunkDigest once = digest(row(1, "a"), row(2, "b"));
    ChunkDigest twice = digest(row(1, "a"), row(2, "b"), row(2, "b"));
    assertEquals(3, twice.rows());
    assertNotEquals(once.hex(), twice.hex());
    // and a row twice in place of another is not the same chunk, count alike
    assertNotEquals(digest(row(1, "a"), row(1, "a")), digest(row(1, "a"), row(2, "b")));
    // pairs of equal rows do not cancel out as they would under XOR
    assertNotEquals(EMPTY_HEX, digest(row(1, "a"), row(1, "a")).hex());
  }

  private static final String EMPTY_HEX = ChunkDigest.EMPTY.hex();

  @Test
  void aChangedValueChangesTheDigestNotTheCount() {
    ChunkDigest before = digest(row(1, "a"), row(2, "b"));
    ChunkDigest after = digest(row(1, "a"), row(2, "B"));
    assertEquals(before.rows(), after.rows());
    assertNotEquals(before, after);
  }

  @Test
  void digestsOfDisjointChunksAddUp() {
    Row[] rows = new Row[200];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = row(i, "row " + i);
    }
    ChunkDigest first = digest(java.util.Arrays.copyOfRange(rows, 0, 77));
    ChunkDigest rest = digest(java.util.Arrays.copyOfRange(rows, 77, 200));
    assertEquals(digest(rows), first.plus(rest));
    assertEquals(digest(rows), rest.plus(first));
    assertEquals(first, first.plus(ChunkDigest.EMPTY));
  }

  @Test
  void bucketDigestsAreTheDigestsOfTheirRowsAndAddUpToTheChunk() {
    Row[] rows = new Row[300];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = row(i, "row " + i);
    }
    ChunkDigest.Builder chunk = ChunkDigest.builder(COLUMNS, 4);
    for (Row r : rows) {
      chunk.add(r, (int) (r.getInt64("id") % 3)); // bucket 3 gets nothing
    }
    chunk.addFailed();
    List<ChunkDigest> buckets = chunk.buckets();
    assertEquals(4, buckets.size());
    ChunkDigest sum = ChunkDigest.EMPTY;
    for (int b = 0; b < 3; b++) {
      final int bucket = b;
      Row[] mine =
          java.util.Arrays.stream(rows)
              .filter(r -> r.getInt64("id") % 3 == bucket)
              .toArray(Row[]::new);
      assertEquals(digest(mine), buckets.get(b));
      sum = sum.plus(buckets.get(b));
    }
    assertEquals(ChunkDigest.EMPTY, buckets.get(3));
    assertEquals(digest(rows), sum);
    assertEquals(digest(rows).plus(new ChunkDigest(0, 1, 0, 0)), chunk.build());
  }

  @Test
  void failuresAreCountedApart() {
    ChunkDigest.Builder chunk = ChunkDigest.builder(COLUMNS).add(row(1, "a"));
    chunk.addFailed();
    ChunkDigest withFailure = chunk.build();
    assertEquals(1, withFailure.rows());
    assertEquals(1, withFailure.failed());
    assertNotEquals(digest(row(1, "a")), withFailure);
  }

  @Test
  void carriesTheLow64BitsIntoTheHigh() {
    ChunkDigest full = new ChunkDigest(1, 0, 0, -1L); // low bits all ones
    ChunkDigest one = new ChunkDigest(1, 0, 0, 1L);
    assertEquals(new ChunkDigest(2, 0, 1, 0), full.plus(one));
    assertEquals(new ChunkDigest(2, 0, 0, 0), new ChunkDigest(1, 0, -1L, -1L).plus(one));
  }

  @Test
  void codesRoundTrip() throws Exception {
    ChunkDigest d = digest(row(1, "a"), row(2, "b")).plus(new ChunkDigest(0, 3, 0, 0));
    assertEquals(d, CoderUtils.clone(ChunkDigest.CODER, d));
  }
}
