package dev.ferry.pipelines.verify;

import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.verify.Chunks;
import dev.ferry.transforms.verify.KeyBuckets;
import java.util.List;
import java.util.Set;

/**
 * One source table and its copy in the target, as verify compares them.
 *
 * @param name the source table's name, which the report uses
 * @param table the source table as the load writes it (casts applied; for a {@code mongodb} source,
 *     a table its documents flatten into)
 * @param source reads the source's rows, casts applied; null for a table flattened from {@code
 *     collection}
 * @param steps the load's per-row steps (normalize, validate): the source side runs them so it
 *     digests what the load wrote
 * @param unique the load's {@code unique} rules, which need the whole table (a grouping)
 * @param target reads the target's rows, columns in the source's order; null when the target has no
 *     such table
 * @param sourceRanges the ranges the source is read on
 * @param targetRanges the ranges the target is read on: the same as the source's when {@code
 *     aligned}
 * @param aligned whether both sides are read on the same key ranges, so chunks are ranges; else the
 *     whole table is one chunk, each side read on its own ranges
 * @param key positions of the key columns rows are joined on in a drill-down; empty for a table
 *     without a key (rows are then joined on all their values)
 * @param rejectedAtWrite keys (as a drill-down shows them, {@code id=90}) of rows the target
 *     refused when the load wrote them: in its dead letters, so not missing
 * @param collection the collection whose documents flatten into this table, or null: its rows come
 *     from reading the collection once for all its tables, through the load's flattening and steps
 * @param keyBuckets how each chunk splits into buckets of consecutive keys, digested on the first
 *     read so a drill-down reads only its differing buckets; null when chunks are not key ranges (a
 *     drill-down then re-reads differing chunks, bucketed by a hash of the key)
 */
public record TablePair(
    String name,
    Table table,
    RangeReader source,
    List<RowStep> steps,
    List<ColumnRule> unique,
    RangeReader target,
    List<KeyRange> sourceRanges,
    List<KeyRange> targetRanges,
    boolean aligned,
    List<Integer> key,
    Set<String> rejectedAtWrite,
    String collection,
    KeyBuckets keyBuckets) {

  public TablePair {
    steps = List.copyOf(steps);
    unique = List.copyOf(unique);
    sourceRanges = List.copyOf(sourceRanges);
    targetRanges = List.copyOf(targetRanges);
    key = List.copyOf(key);
    rejectedAtWrite = Set.copyOf(rejectedAtWrite);
  }

  /** The chunks both sides are compared in, and how a source row finds its chunk. */
  public Chunks chunks() {
    if (!aligned) {
      return Chunks.whole();
    }
    int split =
        source
            .table()
            .splitKey()
            .flatMap(source.table()::column)
            .map(source.table().columns()::indexOf)
            .orElse(-1);
    return new Chunks(sourceRanges, split);
  }

  /** The source's column names, in order: what differences name. */
  public List<String> columnNames() {
    return table.columns().stream().map(c -> c.name()).toList();
  }
}
