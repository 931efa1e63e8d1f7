package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.transforms.read.KeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Each row goes to the chunk holding its split key, found by binary search over the ranges. */
class ChunksTest {

  private static final List<Column> COLUMNS =
      List.of(
          new Column("name", "text", ColumnType.string(0), true, null),
          new Column("id", "bigint", ColumnType.of(Kind.INT64), true, null));

  /** Keys 1..40 in ranges of 10, opened at both ends as a verify plans them. */
  private static final List<KeyRange> RANGES =
      DigestRanges.covering(
          List.of(
              new KeyRange(1, 10, false),
              new KeyRange(11, 20, false),
              new KeyRange(21, 30, false),
              new KeyRange(31, 40, false)));

  private static final Chunks CHUNKS = new Chunks(RANGES, 1);

  private static Row row(Long id) {
    return Row.withSchema(BeamSchemas.of(COLUMNS))
        .attachValues(new ArrayList<>(Arrays.asList("x", id)));
  }

  private static long chunkOf(Long id) {
    KeyRange r = CHUNKS.of(row(id));
    assertTrue(RANGES.contains(r));
    return RANGES.indexOf(r);
  }

  @Test
  void rangesAreAsPlanned() {
    assertEquals(4, RANGES.size(), RANGES.toString());
    assertEquals(Long.MIN_VALUE, RANGES.get(0).from());
    assertEquals(Long.MAX_VALUE, RANGES.get(3).to());
  }

  @Test
  void aRowGoesToTheRangeHoldingItsKeyAtEitherBoundary() {
    for (long id = 1; id <= 40; id++) {
      assertEquals((id - 1) / 10, chunkOf(id), "id " + id);
    }
  }

  @Test
  void keysBeyondThePlannedOnesFallInTheOpenedEnds() {
    assertEquals(0, chunkOf(-5L));
    assertEquals(0, chunkOf(Long.MIN_VALUE));
    assertEquals(3, chunkOf(1000L));
    assertEquals(3, chunkOf(Long.MAX_VALUE));
  }

  @Test
  void aNullKeyGoesToTheFirstChunk() {
    assertEquals(0, chunkOf(null));
  }

  @Test
  void aKeyOutsideEveryRangeGoesToTheFirstChunk() {
    Chunks gapped = new Chunks(List.of(new KeyRange(1, 10, false), new KeyRange(21, 30, false)), 1);
    assertEquals(new KeyRange(1, 10, false), gapped.of(row(15L)));
    assertEquals(new KeyRange(1, 10, false), gapped.of(row(31L)));
    assertEquals(new KeyRange(21, 30, false), gapped.of(row(21L)));
  }

  @Test
  void theWholeTableChunkTakesEveryRow() {
    Chunks whole = Chunks.whole();
    assertEquals(List.of(KeyRange.whole()), whole.all());
    assertEquals(KeyRange.whole(), whole.of(row(5L)));
    assertEquals(KeyRange.whole(), whole.of(row(null)));
  }
}
