package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.read.KeyRange;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The {@link RowImage}s of the rows of a collection that fall in differing chunks: the drill-down
 * of a side digested by {@link DigestRows} (its rows passed a grouping), where {@link
 * ReadRowImages} would re-read rows the grouping had not seen.
 */
public final class ImageRows
    extends PTransform<PCollection<Row>, PCollection<KV<byte[], RowImage>>> {
  private static final long serialVersionUID = 1L;

  private final List<Column> columns;
  private final List<Integer> key;
  private final Chunks chunks;
  private final PCollection<KeyRange> differing;

  private ImageRows(
      List<Column> columns, List<Integer> key, Chunks chunks, PCollection<KeyRange> differing) {
    this.columns = columns;
    this.key = key;
    this.chunks = chunks;
    this.differing = differing;
  }

  /** Images of rows of {@code columns} in the {@code differing} ones of {@code chunks}. */
  public static ImageRows in(
      List<Column> columns, List<Integer> key, Chunks chunks, PCollection<KeyRange> differing) {
    return new ImageRows(List.copyOf(columns), List.copyOf(key), chunks, differing);
  }

  @Override
  public PCollection<KV<byte[], RowImage>> expand(PCollection<Row> rows) {
    PCollectionView<List<KeyRange>> view = differing.apply("Differing", View.asList());
    return rows.apply(
            "Images", ParDo.of(new ImageFn(columns, key, chunks, view)).withSideInputs(view))
        .setCoder(KvCoder.of(ByteArrayCoder.of(), RowImage.CODER));
  }

  static final class ImageFn extends DoFn<Row, KV<byte[], RowImage>> {
    private static final long serialVersionUID = 1L;
    private final List<Column> columns;
    private final List<Integer> key;
    private final Chunks chunks;
    private final PCollectionView<List<KeyRange>> differing;
    private transient CanonicalRow canonical;

    ImageFn(
        List<Column> columns,
        List<Integer> key,
        Chunks chunks,
        PCollectionView<List<KeyRange>> differing) {
      this.columns = columns;
      this.key = key;
      this.chunks = chunks;
      this.differing = differing;
    }

    @Setup
    public void setup() {
      canonical = CanonicalRow.of(columns);
    }

    @ProcessElement
    public void process(
        @Element Row row, ProcessContext context, OutputReceiver<KV<byte[], RowImage>> out) {
      List<KeyRange> chunksDiffering = context.sideInput(differing);
      if (!chunksDiffering.isEmpty() && chunks.in(row, chunksDiffering)) {
        out.output(RowImages.of(row, columns, canonical, key));
      }
    }
  }
}
