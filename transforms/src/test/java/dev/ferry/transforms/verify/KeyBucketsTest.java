package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.transforms.read.KeyRange;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Key buckets split each chunk into runs of consecutive keys: every key of a chunk has exactly one
 * bucket, and the bucket's range, read alone, holds it; keys outside the plan fall in the opened
 * first and last chunks' edge buckets.
 */
class KeyBucketsTest {

  @Test
  void aPlannedChunkHasAHundredBucketsOfEqualWidth() {
    List<KeyRange> planned = KeyRange.split(1, 1_000_000, 1_000_000, 100_000);
    List<KeyRange> chunks = DigestRanges.covering(planned);
    KeyBuckets buckets = KeyBuckets.of(planned, chunks, 100_000);
    KeyRange second = chunks.get(1);
    assertEquals(100, buckets.count(second));
    KeyRange firstBucket = buckets.range(new Bucket(second, 0));
    assertEquals(second.from(), firstBucket.from());
    // a million keys plan as 11 chunks of 90,910 keys: buckets of 910
    assertEquals(90_910, second.to() - second.from() + 1);
    assertEquals(910, firstBucket.to() - firstBucket.from() + 1);
    assertEquals(second.to(), buckets.range(new Bucket(second, 99)).to());
  }

  @Test
  void everyKeyIsInTheRangeOfItsBucketAndTheBucketsTileTheChunk() {
    Random random = new Random(7);
    long[][] plans = {
      {1, 1_000_000, 1_000_000},
      {-5_000, 5_000, 10_001},
      {1, 150, 150}, // fewer keys than a chunk's usual bucket count
      {1, 1, 1},
      {Long.MIN_VALUE, Long.MAX_VALUE, 1_000_000}, // keys spread over the whole long range
      {Long.MAX_VALUE - 10, Long.MAX_VALUE, 11},
    };
    for (long[] plan : plans) {
      List<KeyRange> planned = KeyRange.split(plan[0], plan[1], plan[2], 100_000);
      List<KeyRange> chunks = DigestRanges.covering(planned);
      KeyBuckets buckets = KeyBuckets.of(planned, chunks, 100_000);
      for (KeyRange chunk : chunks) {
        List<Bucket> all = buckets.all(chunk);
        assertTrue(all.size() >= 1 && all.size() <= 100, chunk + ": " + all.size());
        // the buckets' ranges tile the chunk: contiguous, in order, first to last
        long next = chunk.from();
        for (Bucket b : all) {
          KeyRange r = buckets.range(b);
          assertEquals(next, r.from(), "bucket " + b + " of " + chunk);
          assertTrue(r.from() <= r.to(), "bucket " + b + " is empty: " + r);
          next = r.to() + 1;
        }
        assertEquals(chunk.to(), buckets.range(all.get(all.size() - 1)).to());
        for (int i = 0; i < 2_000; i++) {
          long key = keyIn(chunk, random);
          KeyRange r = buckets.range(new Bucket(chunk, buckets.index(chunk, key)));
          assertTrue(r.from() <= key && key <= r.to(), key + " not in " + r + " of " + chunk);
        }
      }
    }
  }

  @Test
  void keysBeyondThePlanFallInTheOpenedEdgeBuckets() {
    List<KeyRange> planned = KeyRange.split(100, 399, 300, 100);
    List<KeyRange> chunks = DigestRanges.covering(planned);
    KeyBuckets buckets = KeyBuckets.of(planned, chunks, 100);
    KeyRange first = chunks.get(0);
    KeyRange last = chunks.get(chunks.size() - 1);
    assertEquals(0, buckets.index(first, Long.MIN_VALUE));
    assertEquals(0, buckets.index(first, 99));
    assertEquals(Long.MIN_VALUE, buckets.range(new Bucket(first, 0)).from());
    int lastBucket = buckets.count(last) - 1;
    assertEquals(lastBucket, buckets.index(last, 400));
    assertEquals(lastBucket, buckets.index(last, Long.MAX_VALUE));
    assertEquals(Long.MAX_VALUE, buckets.range(new Bucket(last, lastBucket)).to());
  }

  @Test
  void smallChunksHaveOneBucket() {
    List<KeyRange> planned = KeyRange.split(1, 10_000, 10_000, 1_000);
    KeyBuckets buckets = KeyBuckets.of(planned, DigestRanges.covering(planned), 1_000);
    assertEquals(1, buckets.count(DigestRanges.covering(planned).get(3)));
  }

  @Test
  void aWholeTableOrAnUnknownChunkIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> KeyBuckets.of(List.of(KeyRange.whole()), List.of(KeyRange.whole()), 100_000));
    List<KeyRange> planned = KeyRange.split(1, 10, 10, 100);
    KeyBuckets buckets = KeyBuckets.of(planned, planned, 100);
    assertThrows(IllegalArgumentException.class, () -> buckets.count(new KeyRange(5, 6, false)));
  }

  private static long keyIn(KeyRange chunk, Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> chunk.from();
      case 1 -> chunk.to();
      default -> {
        long span = chunk.to() - chunk.from(); // unsigned
        long offset =
            span == -1L ? random.nextLong() : Long.remainderUnsigned(random.nextLong(), span + 1);
        yield chunk.from() + offset;
      }
    };
  }
}
