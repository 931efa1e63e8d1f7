package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.KeyRange;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * One read of a drill-down: a side's range that overlaps a differing chunk, with the chunk and its
 * bucket count. A side read on the chunks themselves reads each chunk once; a side read on other
 * ranges (a dump's shards) reads every range of the one whole-table chunk.
 */
public record DrillRead(KeyRange chunk, int buckets, KeyRange read) implements Serializable {

  public static final Coder<DrillRead> CODER = SerializableCoder.of(DrillRead.class);

  /** The reads of differing chunks ({@code KV<chunk, bucket count>}) on a side's ranges. */
  static final class OverlappingFn extends DoFn<KV<KeyRange, Integer>, DrillRead> {
    private static final long serialVersionUID = 1L;
    private final List<KeyRange> sideRanges;

    OverlappingFn(List<KeyRange> sideRanges) {
      this.sideRanges = sideRanges;
    }

    @ProcessElement
    public void process(@Element KV<KeyRange, Integer> chunk, OutputReceiver<DrillRead> out) {
      KeyRange c = chunk.getKey();
      for (KeyRange r : sideRanges) {
        if (c.wholeTable() || r.wholeTable() || (r.from() <= c.to() && c.from() <= r.to())) {
          out.output(new DrillRead(c, chunk.getValue(), r));
        }
      }
    }
  }
}
