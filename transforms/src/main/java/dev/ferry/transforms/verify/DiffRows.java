package dev.ferry.transforms.verify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

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
 * <p>A key held by several rows on one side (a target loaded twice in append mode, a source whose
 * key is not enforced) is compared as a multiset: equal rows pair off first, then the rest pair as
 * changed, and what is left over is missing or extra. A table without a key is keyed by its whole
 * row, so its differences are only missing and extra rows.
 */
public final class DiffRows extends PTransform<PCollectionTuple, PCollection<RowDiff>> {
  private static final long serialVersionUID = 1L;

  public static final TupleTag<KV<byte[], RowImage>> SOURCE = new TupleTag<>() {};
  public static final TupleTag<KV<byte[], RowImage>> TARGET = new TupleTag<>() {};

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
    TupleTag<RowImage> source = new TupleTag<>() {};
    TupleTag<RowImage> target = new TupleTag<>() {};
    return KeyedPCollectionTuple.of(source, images.get(SOURCE))
        .and(target, images.get(TARGET))
        .apply("Group by key", CoGroupByKey.create())
        .apply("Name differences", ParDo.of(new DiffFn(source, target, columnNames, rejectedKeys)))
        .setCoder(RowDiff.CODER);
  }

  static final class DiffFn extends DoFn<KV<byte[], CoGbkResult>, RowDiff> {
    private static final long serialVersionUID = 1L;
    private final TupleTag<RowImage> source;
    private final TupleTag<RowImage> target;
    private final List<String> names;
    private final Set<String> rejectedKeys;

    DiffFn(
        TupleTag<RowImage> source,
        TupleTag<RowImage> target,
        List<String> names,
        Set<String> rejectedKeys) {
      this.source = source;
      this.target = target;
      this.names = names;
      this.rejectedKeys = rejectedKeys;
    }

    @ProcessElement
    public void process(@Element KV<byte[], CoGbkResult> key, OutputReceiver<RowDiff> out) {
      List<RowImage> left = new ArrayList<>();
      key.getValue().getAll(source).forEach(left::add);
      List<RowImage> right = new ArrayList<>();
      key.getValue().getAll(target).forEach(right::add);
      // equal rows pair off first
      for (Iterator<RowImage> it = left.iterator(); it.hasNext(); ) {
        RowImage s = it.next();
        for (Iterator<RowImage> jt = right.iterator(); jt.hasNext(); ) {
          if (s.sameValues(jt.next())) {
            jt.remove();
            it.remove();
            break;
          }
        }
      }
      int paired = Math.min(left.size(), right.size());
      for (int i = 0; i < paired; i++) {
        out.output(RowDiff.changed(left.get(i), right.get(i), names));
      }
      for (int i = paired; i < left.size(); i++) {
        String shown = left.get(i).key();
        out.output(rejectedKeys.contains(shown) ? RowDiff.rejected(shown) : RowDiff.missing(shown));
      }
      for (int i = paired; i < right.size(); i++) {
        out.output(RowDiff.extra(right.get(i).key()));
      }
    }
  }
}
