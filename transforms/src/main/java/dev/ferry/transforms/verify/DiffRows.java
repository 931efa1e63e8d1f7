package dev.ferry.transforms.verify;

import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Joins the rows of differing chunks from both sides by key and names each difference: a key only
 * in the source is missing in the target, one only in the target is extra, one on both sides with
 * other values is changed (which columns). Identical rows are dropped.
 *
 * <pre>{@code
 * PCollection<RowDiff> diffs =
 *     PCollectionTuple.of(DiffRows.SOURCE, sourceImages)
 *         .and(DiffRows.TARGET, targetImages)
 *         .apply("Diff rows", DiffRows.naming(columnNames));
 * }</pre>
 *
 * <p>Rows are joined in groups of about {@value #GROUP_ROWS} (by a hash of the key, the group count
 * set from the number of rows to join), each group in memory: about a thousand rows whatever the
 * drill-down's size.
 *
 * <p>A key held by several rows on one side (a target loaded twice in append mode, a source whose
 * key is not enforced) is compared as a multiset: equal rows pair off first, then the rest pair as
 * changed, and what is left over is missing or extra. A table without a key is keyed by its whole
 * row, so its differences are only missing and extra rows.
 */
public final class DiffRows extends PTransform<PCollectionTuple, PCollection<RowDiff>> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<KV<byte[], RowImage>> SOURCE = new TupleTag<>() {};
  public static final TupleTag<KV<byte[], RowImage>> TARGET = new TupleTag<>() {};

  /**
   * About this many rows are joined together in memory. Grouping by each row's key instead would
   * cost a group per key, and the DirectRunner runs every group as a bundle of its own.
   */
  static final long GROUP_ROWS = 1_000;

  private final List<String> columnNames;
  private final Set<String> rejectedKeys;

  private DiffRows(List<String> columnNames, Set<String> rejectedKeys) {
    this.columnNames = columnNames;
    this.rejectedKeys = rejectedKeys;
  }

  /** Diffs rows of columns {@code columnNames} (the source's names, in column order). */
  public static DiffRows naming(List<String> columnNames) {
    return new DiffRows(List.copyOf(columnNames), Set.of());
  }

  /**
   * Rows missing in the target whose key (as {@link RowImage#key()} shows it) is one of {@code
   * keys} are {@link RowDiff.Kind#REJECTED}, not missing: the target refused them when the load
   * wrote them, and its dead letters hold them.
   */
  public DiffRows rejectedAtWrite(Set<String> keys) {
    return new DiffRows(columnNames, Set.copyOf(keys));
  }

  @Override
  public PCollection<RowDiff> expand(PCollectionTuple images) {
    PCollection<KV<byte[], RowImage>> source = images.get(SOURCE);
    PCollection<KV<byte[], RowImage>> target = images.get(TARGET);
    PCollectionView<Long> groups =
        PCollectionList.of(source)
            .and(target)
            .apply("All rows", Flatten.pCollections())
            .apply("Count rows", Count.globally())
            .apply(
                "Groups",
                MapElements.into(TypeDescriptors.longs())
                    .via((Long rows) -> Math.max(1, (rows + GROUP_ROWS - 1) / GROUP_ROWS)))
            .apply("As side input", View.asSingleton());
    TupleTag<KV<byte[], RowImage>> left = new TupleTag<>() {};
    TupleTag<KV<byte[], RowImage>> right = new TupleTag<>() {};
    return KeyedPCollectionTuple.of(left, inGroups("source", source, groups))
        .and(right, inGroups("target", target, groups))
        .apply("Group rows", CoGroupByKey.create())
        .apply("Name differences", ParDo.of(new DiffFn(left, right, columnNames, rejectedKeys)))
        .setCoder(RowDiff.CODER);
  }

  /** Rows (key bytes, image) under their group: a hash of the key among {@code groups}. */
  private static PCollection<KV<Long, KV<byte[], RowImage>>> inGroups(
      String side, PCollection<KV<byte[], RowImage>> rows, PCollectionView<Long> groups) {
    return rows.apply(
            "Group of " + side + " rows", ParDo.of(new GroupFn(groups)).withSideInputs(groups))
        .setCoder(KvCoder.of(VarLongCoder.of(), rows.getCoder()));
  }

  /** Puts each row under its group, from its key's hash. */
  static final class GroupFn extends DoFn<KV<byte[], RowImage>, KV<Long, KV<byte[], RowImage>>> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<Long> groups;

    GroupFn(PCollectionView<Long> groups) {
      this.groups = groups;
    }

    @ProcessElement
    public void process(
        @Element KV<byte[], RowImage> row,
        ProcessContext context,
        OutputReceiver<KV<Long, KV<byte[], RowImage>>> out) {
      int count = (int) Math.min(Integer.MAX_VALUE, context.sideInput(groups));
      out.output(KV.of((long) Bucket.index(row.getKey(), count), row));
    }
  }

  /** Joins one group's rows by key, in memory (about {@value #GROUP_ROWS} of them). */
  static final class DiffFn extends DoFn<KV<Long, CoGbkResult>, RowDiff> {
    private static final long serialVersionUID = 1L;
    private final TupleTag<KV<byte[], RowImage>> source;
    private final TupleTag<KV<byte[], RowImage>> target;
    private final List<String> names;
    private final Set<String> rejectedKeys;

    DiffFn(
        TupleTag<KV<byte[], RowImage>> source,
        TupleTag<KV<byte[], RowImage>> target,
        List<String> names,
        Set<String> rejectedKeys) {
      this.source = source;
      this.target = target;
      this.names = names;
      this.rejectedKeys = rejectedKeys;
    }

    @ProcessElement
    public void process(@Element KV<Long, CoGbkResult> group, OutputReceiver<RowDiff> out) {
      RowsByKey rows = new RowsByKey();
      group.getValue().getAll(source).forEach(rows::addSource);
      group.getValue().getAll(target).forEach(rows::addTarget);
      rows.name(names, rejectedKeys, out::output);
    }
  }
}
