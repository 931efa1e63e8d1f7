package dev.ferry.transforms.verify;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.steps.RowSteps;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads one key range and emits its digest, row by row in constant memory. Rows the reader cannot
 * convert, or a step rejects, are counted in the digest as failed and emitted as failures.
 */
final class DigestRangeFn extends DoFn<KeyRange, KV<KeyRange, ChunkDigest>> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final List<RowStep> steps;
  private final TupleTag<KV<KeyRange, ChunkDigest>> digests;
  private final TupleTag<FailedRow> failed;
  private final Counter read;

  DigestRangeFn(
      RangeReader reader,
      List<RowStep> steps,
      String countedAs,
      TupleTag<KV<KeyRange, ChunkDigest>> digests,
      TupleTag<FailedRow> failed) {
    this.reader = reader;
    this.steps = steps;
    this.digests = digests;
    this.failed = failed;
    this.read = TableMetrics.read(countedAs);
  }

  @ProcessElement
  public void process(@Element KeyRange range, MultiOutputReceiver out) {
    ChunkDigest.Builder chunk = ChunkDigest.builder(reader.table().columns());
    RowSteps passage = new RowSteps(reader.table().name(), steps);
    reader.read(
        range,
        row -> {
          Row passed = passage.apply(row, f -> out.get(failed).output(f));
          if (passed == null) {
            chunk.addFailed();
          } else {
            chunk.add(passed);
          }
        },
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
