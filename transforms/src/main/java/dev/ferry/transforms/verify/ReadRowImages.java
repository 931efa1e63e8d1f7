package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.steps.RowSteps;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Re-reads the rows of differing chunks on one side, keyed for a join with the other side: the key
 * is the canonical bytes of the key columns (so {@code 42} read as an int and as a bigint join), or
 * of the whole row for a table without a key.
 *
 * <p>Input elements are differing chunks; each is read through this side's own ranges that overlap
 * it, so a side planned on other ranges (a dump's shards) still reads exactly the chunk's rows. On
 * the source side the load's steps run first: rows they reject are dead letters, not differences.
 */
public final class ReadRowImages
    extends PTransform<PCollection<KeyRange>, PCollection<KV<byte[], RowImage>>> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final List<KeyRange> sideRanges;
  private final List<RowStep> steps;
  private final List<Integer> key;

  private ReadRowImages(
      RangeReader reader, List<KeyRange> sideRanges, List<RowStep> steps, List<Integer> key) {
    this.reader = reader;
    this.sideRanges = sideRanges;
    this.steps = steps;
    this.key = key;
  }

  /**
   * Reads with {@code reader} on {@code sideRanges} (the ranges this side's digests were read on),
   * keying rows by the columns at positions {@code key} (empty: the whole row).
   */
  public static ReadRowImages of(RangeReader reader, List<KeyRange> sideRanges, List<Integer> key) {
    return new ReadRowImages(reader, List.copyOf(sideRanges), List.of(), List.copyOf(key));
  }

  /** Runs the load's steps on each row first (the source side). */
  public ReadRowImages through(List<RowStep> rowSteps) {
    return new ReadRowImages(reader, sideRanges, List.copyOf(rowSteps), key);
  }

  @Override
  public PCollection<KV<byte[], RowImage>> expand(PCollection<KeyRange> chunks) {
    return chunks
        .apply("Side ranges", ParDo.of(new OverlappingFn(sideRanges)))
        .setCoder(KeyRange.CODER)
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("Read rows", ParDo.of(new ReadFn(reader, steps, key)))
        .setCoder(KvCoder.of(ByteArrayCoder.of(), RowImage.CODER));
  }

  /** The side's ranges that overlap a chunk: the chunk itself when the side read on chunks. */
  static final class OverlappingFn extends DoFn<KeyRange, KeyRange> {
    private static final long serialVersionUID = 1L;
    private final List<KeyRange> sideRanges;

    OverlappingFn(List<KeyRange> sideRanges) {
      this.sideRanges = sideRanges;
    }

    @ProcessElement
    public void process(@Element KeyRange chunk, OutputReceiver<KeyRange> out) {
      for (KeyRange r : sideRanges) {
        if (chunk.wholeTable()
            || r.wholeTable()
            || (r.from() <= chunk.to() && chunk.from() <= r.to())) {
          out.output(r);
        }
      }
    }
  }

  static final class ReadFn extends DoFn<KeyRange, KV<byte[], RowImage>> {
    private static final long serialVersionUID = 1L;
    private final RangeReader reader;
    private final List<RowStep> steps;
    private final List<Integer> key;

    ReadFn(RangeReader reader, List<RowStep> steps, List<Integer> key) {
      this.reader = reader;
      this.steps = steps;
      this.key = key;
    }

    @ProcessElement
    public void process(@Element KeyRange range, OutputReceiver<KV<byte[], RowImage>> out) {
      List<Column> columns = reader.table().columns();
      CanonicalRow canonical = CanonicalRow.of(columns);
      RowSteps passage = new RowSteps(reader.table().name(), steps);
      reader.read(
          range,
          row -> {
            Row passed = passage.apply(row, failure -> {}); // counted by the digest
            if (passed != null) {
              out.output(RowImages.of(passed, columns, canonical, key));
            }
          },
          failure -> {}); // counted by the digest
    }
  }
}
