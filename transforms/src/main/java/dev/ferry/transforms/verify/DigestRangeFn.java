package dev.ferry.transforms.verify;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.steps.RowSteps;
import java.io.Serializable;
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
  private final Outputs outputs;
  private final KeyBuckets buckets;
  private final int splitColumn;
  private final Counter read;

  /** Where digests, failures and bucket digests go. */
  record Outputs(
      TupleTag<KV<KeyRange, ChunkDigest>> digests,
      TupleTag<FailedRow> failed,
      TupleTag<KV<KeyRange, List<ChunkDigest>>> buckets)
      implements Serializable {}

  /**
   * @param buckets how a range splits into buckets, or null to digest whole ranges only
   * @param splitColumn the position of the integer key buckets go by (with {@code buckets})
   */
  DigestRangeFn(
      RangeReader reader,
      List<RowStep> steps,
      String countedAs,
      Outputs outputs,
      KeyBuckets buckets,
      int splitColumn) {
    this.reader = reader;
    this.steps = steps;
    this.outputs = outputs;
    this.buckets = buckets;
    this.splitColumn = splitColumn;
    this.read = TableMetrics.read(countedAs);
  }

  /** Releases the connections the reads kept. */
  @Teardown
  public void teardown() {
    reader.close();
  }

  @ProcessElement
  public void process(@Element KeyRange range, MultiOutputReceiver out) {
    TupleTag<FailedRow> failed = outputs.failed();
    ChunkDigest.Builder chunk =
        buckets == null
            ? ChunkDigest.builder(reader.table().columns())
            : ChunkDigest.builder(reader.table().columns(), buckets.count(range));
    RowSteps passage = new RowSteps(reader.table().name(), steps);
    reader.read(
        range,
        row -> {
          Row passed = passage.apply(row, f -> out.get(failed).output(f));
          if (passed == null) {
            chunk.addFailed();
          } else if (buckets == null) {
            chunk.add(passed);
          } else {
            // a range read holds integer keys only; a NULL one (never read) would go to bucket 0
            Object key = passed.getValue(splitColumn);
            chunk.add(passed, key instanceof Number n ? buckets.index(range, n.longValue()) : 0);
          }
        },
        failure -> {
          chunk.addFailed();
          out.get(failed).output(failure);
        });
    ChunkDigest digest = chunk.build();
    // one update per range: verify reports totals, and ranges take a second or so
    read.inc(digest.rows() + digest.failed());
    out.get(outputs.digests()).output(KV.of(range, digest));
    if (buckets != null) {
      out.get(outputs.buckets()).output(KV.of(range, chunk.buckets()));
    }
  }
}
