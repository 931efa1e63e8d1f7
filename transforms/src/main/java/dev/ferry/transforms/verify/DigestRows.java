package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.read.KeyRange;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;

/**
 * Digests rows already in a collection into the chunks a {@link DigestRanges} of the other side
 * digests, by the value of each row's split key: for a side whose rows must pass a grouping first
 * (the load's {@code unique} rules), which a range-by-range read cannot apply. Every chunk gets a
 * digest, an empty one too.
 */
public final class DigestRows
    extends PTransform<PCollection<Row>, PCollection<KV<KeyRange, ChunkDigest>>> {
  private static final long serialVersionUID = 1L;

  private final List<Column> columns;
  private final Chunks chunks;

  private DigestRows(List<Column> columns, Chunks chunks) {
    this.columns = columns;
    this.chunks = chunks;
  }

  /** Digests rows of {@code columns} into {@code chunks}. */
  public static DigestRows into(List<Column> columns, Chunks chunks) {
    return new DigestRows(List.copyOf(columns), chunks);
  }

  @Override
  public PCollection<KV<KeyRange, ChunkDigest>> expand(PCollection<Row> rows) {
    KvCoder<KeyRange, ChunkDigest> coder = KvCoder.of(KeyRange.CODER, ChunkDigest.CODER);
    List<KV<KeyRange, ChunkDigest>> empty = new ArrayList<>();
    chunks.all().forEach(c -> empty.add(KV.of(c, ChunkDigest.EMPTY)));
    PCollection<KV<KeyRange, ChunkDigest>> digested =
        rows.apply("Digest rows", ParDo.of(new RowDigestFn(columns, chunks)))
            .setCoder(coder)
            .apply("Sum per chunk", Combine.perKey(new Sum()));
    return PCollectionList.of(digested)
        .and(rows.getPipeline().apply("Every chunk", Create.of(empty).withCoder(coder)))
        .apply("With empty chunks", Flatten.pCollections())
        .apply("Sum", Combine.perKey(new Sum()))
        .setCoder(coder);
  }

  static final class RowDigestFn extends DoFn<Row, KV<KeyRange, ChunkDigest>> {
    private static final long serialVersionUID = 1L;
    private final List<Column> columns;
    private final Chunks chunks;
    private transient ChunkDigest.Builder builder;

    RowDigestFn(List<Column> columns, Chunks chunks) {
      this.columns = columns;
      this.chunks = chunks;
    }

    @Setup
    public void setup() {
      builder = ChunkDigest.builder(columns);
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<KeyRange, ChunkDigest>> out) {
      out.output(KV.of(chunks.of(row), builder.of(row)));
    }
  }

  /** Digests of disjoint parts of a chunk add up to the chunk's. */
  public static final class Sum
      implements SerializableFunction<Iterable<ChunkDigest>, ChunkDigest> {
    private static final long serialVersionUID = 1L;

    @Override
    public ChunkDigest apply(Iterable<ChunkDigest> digests) {
      ChunkDigest total = ChunkDigest.EMPTY;
      for (ChunkDigest d : digests) {
        total = total.plus(d);
      }
      return total;
    }
  }
}
