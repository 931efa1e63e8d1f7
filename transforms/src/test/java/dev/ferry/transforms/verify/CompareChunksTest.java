package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.read.KeyRange;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class CompareChunksTest {

  private static final KeyRange LOW = new KeyRange(Long.MIN_VALUE, 9, false);
  private static final KeyRange MID = new KeyRange(10, 19, false);
  private static final KeyRange HIGH = new KeyRange(20, Long.MAX_VALUE, false);
  private static final ChunkDigest A = new ChunkDigest(3, 0, 11, 12);
  private static final ChunkDigest B = new ChunkDigest(3, 0, 11, 13);

  private static PCollection<KV<KeyRange, ChunkDigest>> digests(
      TestPipeline p, String name, List<KV<KeyRange, ChunkDigest>> values) {
    return p.apply(
        name, Create.of(values).withCoder(KvCoder.of(KeyRange.CODER, ChunkDigest.CODER)));
  }

  @Test
  void pairsEveryRangeEitherSideDigested(TestPipeline p) {
    PCollection<ChunkComparison> chunks =
        PCollectionTuple.of(
                CompareChunks.SOURCE,
                digests(p, "Source", List.of(KV.of(LOW, A), KV.of(MID, A), KV.of(HIGH, A))))
            .and(
                CompareChunks.TARGET,
                digests(
                    p,
                    "Target",
                    // MID differs; HIGH was digested in two halves that add up; LOW is missing
                    List.of(
                        KV.of(MID, B),
                        KV.of(HIGH, new ChunkDigest(1, 0, 0, 12)),
                        KV.of(HIGH, new ChunkDigest(2, 0, 11, 0)))))
            .apply(CompareChunks.byRange());
    PAssert.that(chunks)
        .containsInAnyOrder(
            new ChunkComparison(LOW, A, ChunkDigest.EMPTY),
            new ChunkComparison(MID, A, B),
            new ChunkComparison(HIGH, A, A));
    p.run().waitUntilFinish();
  }

  @Test
  void anEmptyRangeOnBothSidesIsEqual() {
    ChunkComparison empty = new ChunkComparison(MID, ChunkDigest.EMPTY, ChunkDigest.EMPTY);
    assertEquals(true, empty.equal());
    assertEquals(-3, new ChunkComparison(LOW, A, ChunkDigest.EMPTY).rowDifference());
  }

  @Test
  void coversTheWholeKeySpace() {
    List<KeyRange> planned = KeyRange.split(1, 40, 40, 10);
    List<KeyRange> covering = DigestRanges.covering(planned);
    assertEquals(planned.size(), covering.size());
    assertEquals(Long.MIN_VALUE, covering.get(0).from());
    assertEquals(planned.get(0).to(), covering.get(0).to());
    assertEquals(Long.MAX_VALUE, covering.get(covering.size() - 1).to());
    assertEquals(planned.subList(1, 4), covering.subList(1, 4));
    assertEquals(List.of(KeyRange.whole()), DigestRanges.covering(List.of(KeyRange.whole())));
    assertEquals(List.of(), DigestRanges.covering(List.of()));
  }

  @Test
  void rangesAndComparisonsCodeRoundTrip() throws Exception {
    ChunkComparison c = new ChunkComparison(LOW, A, B);
    assertEquals(c, CoderUtils.clone(ChunkComparison.CODER, c));
    assertEquals(KeyRange.whole(), CoderUtils.clone(KeyRange.CODER, KeyRange.whole()));
  }
}
