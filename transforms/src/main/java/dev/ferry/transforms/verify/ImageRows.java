package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.read.KeyRange;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The drill-down images of a side whose rows are already in a collection, digested by {@link
 * DigestRows} (its rows passed a grouping, which a re-read would not see): the rows of the
 * differing chunks, found by joining the rows with those chunks by chunk. Such a side has grouped
 * its whole table already (a {@code unique} rule), so its differing chunks are not narrowed to
 * buckets first, as {@link DigestBuckets} does for a re-read side.
 */
public final class ImageRows
    extends PTransform<PCollection<Row>, PCollection<KV<byte[], RowImage>>> {
  private static final long serialVersionUID = 1L;

  private final List<Column> columns;
  private final List<Integer> key;
  private final Chunks chunks;
  private final transient PCollection<KV<KeyRange, Integer>> differing; // used at expansion only

  private ImageRows(
      List<Column> columns,
      List<Integer> key,
      Chunks chunks,
      PCollection<KV<KeyRange, Integer>> differing) {
    this.columns = columns;
    this.key = key;
    this.chunks = chunks;
    this.differing = differing;
  }

  /** Images of rows of {@code columns} in the {@code differing} ones of {@code chunks}. */
  public static ImageRows in(
      List<Column> columns,
      List<Integer> key,
      Chunks chunks,
      PCollection<KV<KeyRange, Integer>> differing) {
    return new ImageRows(List.copyOf(columns), List.copyOf(key), chunks, differing);
  }

  @Override
  public PCollection<KV<byte[], RowImage>> expand(PCollection<Row> rows) {
    Schema schema = rows.getSchema();
    TupleTag<Row> row = new TupleTag<>() {};
    TupleTag<Integer> chunk = new TupleTag<>() {};
    PCollection<KV<KeyRange, Row>> byChunk =
        rows.apply("By chunk", ParDo.of(new ByChunkFn(chunks)))
            .setCoder(KvCoder.of(KeyRange.CODER, SchemaCoder.of(schema)));
    return KeyedPCollectionTuple.of(row, byChunk)
        .and(chunk, differing)
        .apply("Join differing chunks", CoGroupByKey.create())
        .apply("Images", ParDo.of(new ImageFn(columns, key, row, chunk)))
        .setCoder(KvCoder.of(ByteArrayCoder.of(), RowImage.CODER));
  }

  static final class ByChunkFn extends DoFn<Row, KV<KeyRange, Row>> {
    private static final long serialVersionUID = 1L;
    private final Chunks chunks;

    ByChunkFn(Chunks chunks) {
      this.chunks = chunks;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<KeyRange, Row>> out) {
      out.output(KV.of(chunks.of(row), row));
    }
  }

  static final class ImageFn extends DoFn<KV<KeyRange, CoGbkResult>, KV<byte[], RowImage>> {
    private static final long serialVersionUID = 1L;
    private final List<Column> columns;
    private final List<Integer> key;
    private final TupleTag<Row> row;
    private final TupleTag<Integer> chunk;

    ImageFn(List<Column> columns, List<Integer> key, TupleTag<Row> row, TupleTag<Integer> chunk) {
      this.columns = columns;
      this.key = key;
      this.row = row;
      this.chunk = chunk;
    }

    @ProcessElement
    public void process(
        @Element KV<KeyRange, CoGbkResult> joined, OutputReceiver<KV<byte[], RowImage>> out) {
      if (!joined.getValue().getAll(chunk).iterator().hasNext()) {
        return; // the chunk is equal
      }
      CanonicalRow canonical = CanonicalRow.of(columns);
      for (Row r : joined.getValue().getAll(row)) {
        out.output(RowImages.of(r, columns, canonical, key));
      }
    }
  }
}
