package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PDone;

/**
 * Counts the orphans of one foreign key by joining both tables in the pipeline, for targets that
 * cannot run the anti-join themselves (dumps, lake layers; {@link CountPostgresOrphans} lets
 * PostgreSQL do it). Each side is read through its {@link RangeReader} in parallel, projected to
 * the key's values as canonical bytes ({@link CanonicalRow}, so an int child column finds a bigint
 * parent), and grouped by them; a group with child rows and no parent row is orphans.
 *
 * <p>{@code MATCH SIMPLE}: a child row with a NULL in its foreign key is not checked. Counts go to
 * {@link VerifyMetrics#ORPHANS} of the child table, up to {@code sample} orphans (smallest keys) to
 * its samples.
 *
 * <p>Memory: the grouping holds the projected key values of both tables. A distributed runner
 * (Flink) spills it by key; the DirectRunner holds all of them in memory, so verify big tables'
 * orphans on a cluster or with PostgreSQL.
 */
public final class CountOrphans extends PTransform<PBegin, PDone> {
  private static final long serialVersionUID = 1L;

  /** What a parent row contributes to its group: it only needs to be there. */
  static final String PARENT = "";

  private final ForeignKeyJoin join;
  private final int sample;

  private CountOrphans(ForeignKeyJoin join, int sample) {
    this.join = join;
    this.sample = sample;
  }

  public static CountOrphans of(ForeignKeyJoin join, int sample) {
    return new CountOrphans(join, sample);
  }

  @Override
  public PDone expand(PBegin begin) {
    KvCoder<byte[], String> coder = KvCoder.of(ByteArrayCoder.of(), StringUtf8Coder.of());
    PCollection<KV<byte[], String>> parents =
        keys(begin, "Parent", join.parent(), join.parentColumns(), null).setCoder(coder);
    PCollection<KV<byte[], String>> children =
        keys(begin, "Child", join.child(), join.childColumns(), join.childKey()).setCoder(coder);
    PCollectionList.of(parents)
        .and(children)
        .apply("Both", Flatten.pCollections())
        .apply("By key values", GroupByKey.create())
        .apply("Orphans", ParDo.of(new OrphansFn(join)))
        .setCoder(RowDiff.CODER)
        .apply("Report", ReportDiffs.of(join.table(), sample));
    return PDone.in(begin.getPipeline());
  }

  private static PCollection<KV<byte[], String>> keys(
      PBegin begin, String side, RangeReader reader, List<Integer> columns, List<Integer> key) {
    List<KeyRange> ranges = reader.ranges(Long.MAX_VALUE);
    return begin
        .apply(side + " ranges", Create.of(ranges).withCoder(KeyRange.CODER))
        .apply(side + " spread", Reshuffle.viaRandomKey())
        .apply(side + " keys", ParDo.of(new KeysFn(reader, columns, key)));
  }

  /**
   * Each row's key values as canonical bytes; for a child row (key given), the text of the orphan
   * it would be; rows with a NULL in the columns are left out.
   */
  static final class KeysFn extends DoFn<KeyRange, KV<byte[], String>> {
    private static final long serialVersionUID = 1L;
    private final RangeReader reader;
    private final List<Integer> columns;
    private final List<Integer> key;

    KeysFn(RangeReader reader, List<Integer> columns, List<Integer> key) {
      this.reader = reader;
      this.columns = columns;
      this.key = key;
    }

    /** Releases the connection the reads kept. */
    @Teardown
    public void teardown() {
      reader.close();
    }

    @ProcessElement
    public void process(@Element KeyRange range, OutputReceiver<KV<byte[], String>> out) {
      List<Column> all = reader.table().columns();
      CanonicalRow canonical = CanonicalRow.of(columns.stream().map(all::get).toList());
      reader.read(
          range,
          row -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < columns.size(); i++) {
              Object v = row.getValue(columns.get(i));
              if (v == null) {
                return; // MATCH SIMPLE; a parent key with a NULL matches nothing either
              }
              bytes.writeBytes(canonical.encodeValue(i, v));
            }
            out.output(KV.of(bytes.toByteArray(), key == null ? PARENT : shown(row, all)));
          },
          failure -> {}); // unreadable target rows are counted by the digest
    }

    /** {@code key<TAB>values}: the orphan's key and its foreign key values, for people. */
    private String shown(org.apache.beam.sdk.values.Row row, List<Column> all) {
      List<String> keyText = new ArrayList<>();
      for (int k : key) {
        keyText.add(all.get(k).name() + "=" + RowImages.show(row.getValue(k)));
      }
      List<String> values = new ArrayList<>();
      for (int c : columns) {
        values.add(all.get(c).name() + "=" + RowImages.show(row.getValue(c)));
      }
      String v = String.join(", ", values);
      return (keyText.isEmpty() ? v : String.join(", ", keyText)) + "\t" + v;
    }
  }

  static final class OrphansFn extends DoFn<KV<byte[], Iterable<String>>, RowDiff> {
    private static final long serialVersionUID = 1L;
    private final ForeignKeyJoin join;
    private transient Counter orphans;

    OrphansFn(ForeignKeyJoin join) {
      this.join = join;
    }

    @Setup
    public void setup() {
      orphans = VerifyMetrics.counter(join.table(), VerifyMetrics.ORPHANS);
    }

    @ProcessElement
    public void process(@Element KV<byte[], Iterable<String>> group, OutputReceiver<RowDiff> out) {
      for (String v : group.getValue()) {
        if (v.equals(PARENT)) {
          return;
        }
      }
      List<String> columns =
          join.childColumns().stream()
              .map(c -> join.child().table().columns().get(c).name())
              .toList();
      for (String v : group.getValue()) {
        orphans.inc();
        String[] f = v.split("\t", 2);
        out.output(
            RowDiff.orphan(
                f[0],
                columns,
                f[1]
                    + " has no row in "
                    + join.parentTable()
                    + " (foreign key "
                    + join.name()
                    + ")"));
      }
    }
  }
}
