package dev.ferry.transforms.verify;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.StringSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Counts a table's row differences by kind and by changed column into {@link VerifyMetrics}, and
 * keeps a sample of each kind there: the {@code sample} differences with the smallest keys, so the
 * same data always shows the same sample whatever the runner's order.
 */
public final class ReportDiffs extends PTransform<PCollection<RowDiff>, PDone> {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final int sample;

  private ReportDiffs(String table, int sample) {
    this.table = table;
    this.sample = sample;
  }

  /** Reports under {@code table}, keeping up to {@code sample} differences of each kind. */
  public static ReportDiffs of(String table, int sample) {
    return new ReportDiffs(table, sample);
  }

  @Override
  public PDone expand(PCollection<RowDiff> diffs) {
    PCollection<KV<String, RowDiff>> counted =
        diffs
            .apply("Count", ParDo.of(new CountFn(table)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RowDiff.CODER));
    if (sample > 0) {
      counted
          .apply("Smallest keys", Top.perKey(sample, new LargerKeyFirst()))
          .apply("Sample", ParDo.of(new SampleFn(table)));
    }
    return PDone.in(diffs.getPipeline());
  }

  static final class CountFn extends DoFn<RowDiff, KV<String, RowDiff>> {
    private static final long serialVersionUID = 1L;
    private final String table;
    private transient Counter missing;
    private transient Counter extra;
    private transient Counter changed;
    private transient Counter rejected;

    CountFn(String table) {
      this.table = table;
    }

    @Setup
    public void setup() {
      missing = VerifyMetrics.counter(table, VerifyMetrics.MISSING);
      extra = VerifyMetrics.counter(table, VerifyMetrics.EXTRA);
      changed = VerifyMetrics.counter(table, VerifyMetrics.CHANGED);
      rejected = VerifyMetrics.counter(table, VerifyMetrics.REJECTED_AT_WRITE);
    }

    @ProcessElement
    public void process(@Element RowDiff diff, OutputReceiver<KV<String, RowDiff>> out) {
      switch (diff.kind()) {
        case MISSING -> missing.inc();
        case EXTRA -> extra.inc();
        case REJECTED -> rejected.inc();
        case ORPHAN -> {} // counted by the orphan count
        case CHANGED -> {
          changed.inc();
          for (String column : diff.columns()) {
            VerifyMetrics.counter(table, VerifyMetrics.CHANGED_COLUMN + column).inc();
          }
        }
      }
      out.output(KV.of(diff.kind().label(), diff));
    }
  }

  /** Top keeps the largest: ordering larger keys first keeps the smallest keys. */
  static final class LargerKeyFirst implements Comparator<RowDiff>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(RowDiff a, RowDiff b) {
      int byLength = Integer.compare(b.key().length(), a.key().length());
      return byLength != 0 ? byLength : b.key().compareTo(a.key());
    }
  }

  static final class SampleFn extends DoFn<KV<String, List<RowDiff>>, Void> {
    private static final long serialVersionUID = 1L;
    private final String table;

    SampleFn(String table) {
      this.table = table;
    }

    @ProcessElement
    public void process(@Element KV<String, List<RowDiff>> kind) {
      StringSet samples = VerifyMetrics.samples(table);
      kind.getValue().forEach(d -> samples.add(d.line()));
    }
  }
}
