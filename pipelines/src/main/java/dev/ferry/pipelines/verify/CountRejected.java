package dev.ferry.pipelines.verify;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.verify.ChunkDigest;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * The source's rejected rows as one digest of {@code chunk} that holds only their count: added to
 * the chunk's digest of rows, it makes the table's {@code rejected} what the load's dead letters
 * got, without changing what is compared.
 */
final class CountRejected
    extends PTransform<PCollection<FailedRow>, PCollection<KV<KeyRange, ChunkDigest>>> {
  private static final long serialVersionUID = 1L;

  private final KeyRange chunk;

  private CountRejected(KeyRange chunk) {
    this.chunk = chunk;
  }

  static CountRejected in(KeyRange chunk) {
    return new CountRejected(chunk);
  }

  @Override
  public PCollection<KV<KeyRange, ChunkDigest>> expand(PCollection<FailedRow> failures) {
    KeyRange into = chunk;
    return failures
        .apply("Count", Count.globally())
        .apply(
            "As digest",
            MapElements.via(
                new SimpleFunction<Long, KV<KeyRange, ChunkDigest>>() {
                  @Override
                  public KV<KeyRange, ChunkDigest> apply(Long n) {
                    return KV.of(into, new ChunkDigest(0, n, 0, 0));
                  }
                }))
        .setCoder(KvCoder.of(KeyRange.CODER, ChunkDigest.CODER));
  }
}
