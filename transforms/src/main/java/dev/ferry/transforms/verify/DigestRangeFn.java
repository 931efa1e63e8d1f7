package dev.ferry.transforms.verify;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one key range and emits its digest, row by row in constant memory; rows the reader cannot
 * convert are counted in the digest and emitted as failures.
 */
final class DigestRangeFn extends DoFn<KeyRange, KV<KeyRange, ChunkDigest>> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final TupleTag<KV<KeyRange, ChunkDigest>> digests;
  private final TupleTag<FailedRow> failed;
  private final Counter read;

  DigestRangeFn(
      RangeReader reader,
      String countedAs,
      TupleTag<KV<KeyRange, ChunkDigest>> digests,
      TupleTag<FailedRow> failed) {
    this.reader = reader;
    this.digests = digests;
    this.failed = failed;
    this.read = TableMetrics.read(countedAs);
  }

  @ProcessElement
  public void process(@Element KeyRange range, MultiOutputReceiver out) {
    ChunkDigest.Builder chunk = ChunkDigest.builder(reader.table().columns());
    reader.read(
        range,
        chunk::add,
        failure -> {
          chunk.addFailed();
          out.get(failed).output(failure);
        });
    ChunkDigest digest = chunk.build();
    // one update per range: verify reports totals, and ranges take a second or so
    read.inc(digest.rows() + digest.failed());
    out.get(digests).output(KV.of(range, digest));
  }
}
