package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Counts a table's chunk comparisons into {@link VerifyMetrics} (rows either side, rejected rows,
 * chunks, differing chunks) and passes on the chunks that differ with the number of {@link Bucket}s
 * their drill-down splits them into.
 */
public final class DifferingChunks
    extends PTransform<PCollection<ChunkComparison>, PCollection<KV<KeyRange, Integer>>> {
  private static final long serialVersionUID = 1L;

  private final String table;

  private DifferingChunks(String table) {
    this.table = table;
  }

  public static DifferingChunks of(String table) {
    return new DifferingChunks(table);
  }

  @Override
  public PCollection<KV<KeyRange, Integer>> expand(PCollection<ChunkComparison> chunks) {
    return chunks
        .apply("Count chunks", ParDo.of(new TallyFn(table)))
        .setCoder(KvCoder.of(KeyRange.CODER, VarIntCoder.of()));
  }

  static final class TallyFn extends DoFn<ChunkComparison, KV<KeyRange, Integer>> {
    private static final long serialVersionUID = 1L;
    private final String table;
    private transient Counter sourceRows;
    private transient Counter rejected;
    private transient Counter targetRows;
    private transient Counter unreadable;
    private transient Counter chunks;
    private transient Counter differing;

    TallyFn(String table) {
      this.table = table;
    }

    @Setup
    public void setup() {
      sourceRows = VerifyMetrics.counter(table, VerifyMetrics.SOURCE_ROWS);
      rejected = VerifyMetrics.counter(table, VerifyMetrics.REJECTED);
      targetRows = VerifyMetrics.counter(table, VerifyMetrics.TARGET_ROWS);
      unreadable = VerifyMetrics.counter(table, VerifyMetrics.TARGET_UNREADABLE);
      chunks = VerifyMetrics.counter(table, VerifyMetrics.CHUNKS);
      differing = VerifyMetrics.counter(table, VerifyMetrics.CHUNKS_DIFFERING);
    }

    @ProcessElement
    public void process(@Element ChunkComparison c, OutputReceiver<KV<KeyRange, Integer>> out) {
      sourceRows.inc(c.source().rows());
      rejected.inc(c.source().failed());
      targetRows.inc(c.target().rows());
      unreadable.inc(c.target().failed());
      chunks.inc();
      if (!c.equal()) {
        differing.inc();
        out.output(KV.of(c.range(), Bucket.count(Math.max(c.source().rows(), c.target().rows()))));
      }
    }
  }
}
