package dev.ferry.transforms.validate;

import dev.ferry.transforms.deadletter.FailedRow;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The {@code unique} rule: of the rows of one table that share non-null values in the key columns,
 * the first by the order columns (normally the primary key) stays {@link #VALID}; every later one
 * goes to {@link #FAILED} naming the row that kept the key. Rows with a NULL in the key pass, as
 * NULLs never collide in a SQL unique constraint. The choice is deterministic: ties in the order
 * columns, or no order columns, fall back to the order of the rows' encoded bytes.
 *
 * <pre>{@code
 * PCollectionTuple out =
 *     rows.apply("UniqueEmail", RejectDuplicates.on("customers", List.of("email"), List.of("id")));
 * }</pre>
 *
 * <p>Keys compare by their text form (see {@link ColumnRule#in()}), so {@code 1.0} and {@code 1}
 * are the same key. Rows are grouped into {@link #SHARDS} groups by a hash of their key, not one
 * group per key: downstream writers get a few large bundles (a few large files) instead of one per
 * key. Each group is read twice: once to find every key's first row, once to emit. The first rows
 * of a group's keys are held in memory, and on the DirectRunner a GroupByKey materializes its whole
 * input, so a unique rule on a very large table belongs on Flink.
 */
public final class RejectDuplicates extends PTransform<PCollection<Row>, PCollectionTuple> {

  /** The first row of each key and every row with a NULL in its key, with the input's schema. */
  public static final TupleTag<Row> VALID = new TupleTag<Row>() {};

  /** Every later row of a key, one {@link FailedRow} each, stage {@code validate}. */
  public static final TupleTag<FailedRow> FAILED = new TupleTag<FailedRow>() {};

  /** Groups the keyed rows are spread over. */
  static final int SHARDS = 4;

  private static final TupleTag<KV<Integer, Row>> KEYED = new TupleTag<KV<Integer, Row>>() {};

  private final String table;
  private final List<String> keyColumns;
  private final List<String> orderColumns;

  private RejectDuplicates(String table, List<String> keyColumns, List<String> orderColumns) {
    this.table = table;
    this.keyColumns = keyColumns;
    this.orderColumns = orderColumns;
  }

  /**
   * Keeps one row per value of {@code keyColumns} in {@code table}.
   *
   * @param orderColumns which row is first, ascending; the primary key, or empty to order by the
   *     rows' full encoded values
   */
  public static RejectDuplicates on(
      String table, List<String> keyColumns, List<String> orderColumns) {
    Objects.requireNonNull(table, "table");
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException("unique key for " + table + ": no key columns given");
    }
    return new RejectDuplicates(table, List.copyOf(keyColumns), List.copyOf(orderColumns));
  }

  @Override
  public PCollectionTuple expand(PCollection<Row> input) {
    Schema schema = input.getSchema();
    keyColumns.forEach(
        c -> ColumnLookup.indexOf("unique key for", table, schema.getFieldNames(), c));
    orderColumns.forEach(
        c -> ColumnLookup.indexOf("order column for", table, schema.getFieldNames(), c));
    PCollectionTuple split =
        input.apply(
            "KeyRows",
            ParDo.of(new KeyFn(keyColumns)).withOutputTags(KEYED, TupleTagList.of(VALID)));
    PCollection<Row> nullKeys = split.get(VALID).setRowSchema(schema);
    PCollectionTuple kept =
        split
            .get(KEYED)
            .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(schema)))
            .apply("GroupByKey", GroupByKey.create())
            .apply(
                "KeepFirst",
                ParDo.of(new KeepFirstFn(table, keyColumns, orderColumns, schema))
                    .withOutputTags(VALID, TupleTagList.of(FAILED)));
    kept.get(VALID).setRowSchema(schema);
    kept.get(FAILED).setCoder(FailedRow.CODER);
    PCollection<Row> valid =
        PCollectionList.of(nullKeys)
            .and(kept.get(VALID))
            .apply("AllValid", Flatten.pCollections())
            .setRowSchema(schema);
    return PCollectionTuple.of(VALID, valid).and(FAILED, kept.get(FAILED));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("table", table))
        .add(DisplayData.item("key", String.join(", ", keyColumns)).withLabel("Unique key"))
        .add(DisplayData.item("order", String.join(", ", orderColumns)).withLabel("First by"));
  }

  /** Shards each row by its key's hash; rows with a NULL in the key skip grouping. */
  static final class KeyFn extends DoFn<Row, KV<Integer, Row>> {
    private final List<String> keyColumns;

    KeyFn(List<String> keyColumns) {
      this.keyColumns = keyColumns;
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      String key = key(row, keyColumns);
      if (key == null) {
        out.get(VALID).output(row);
      } else {
        out.get(KEYED).output(KV.of(Math.floorMod(key.hashCode(), SHARDS), row));
      }
    }

    /** Length-prefixed text forms, so no two key tuples spell the same; null if one is NULL. */
    static String key(Row row, List<String> columns) {
      StringBuilder key = new StringBuilder();
      for (String c : columns) {
        Object v = row.getValue(c);
        if (v == null) {
          return null;
        }
        String text = ValueText.of(v);
        key.append(text.length()).append(':').append(text);
      }
      return key.toString();
    }
  }

  /**
   * Keeps the first row of each key in a shard and fails the others, naming the one that stayed.
   */
  static final class KeepFirstFn extends DoFn<KV<Integer, Iterable<Row>>, Row> {
    private final String table;
    private final List<String> keyColumns;
    private final List<String> orderColumns;
    private final Schema schema;
    private transient RowOrder order;

    KeepFirstFn(String table, List<String> keyColumns, List<String> orderColumns, Schema schema) {
      this.table = table;
      this.keyColumns = keyColumns;
      this.orderColumns = orderColumns;
      this.schema = schema;
    }

    @Setup
    public void setup() {
      order = new RowOrder(orderColumns, RowCoder.of(schema));
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Row>> shard, MultiOutputReceiver out) {
      Map<String, Row> keepers = new HashMap<>();
      for (Row row : shard.getValue()) {
        keepers.merge(
            KeyFn.key(row, keyColumns),
            row,
            (kept, candidate) -> order.first(List.of(kept, candidate)) == 0 ? kept : candidate);
      }
      Set<String> emitted = new HashSet<>();
      for (Row row : shard.getValue()) {
        String key = KeyFn.key(row, keyColumns);
        Row keeper = keepers.get(key);
        if (row.equals(keeper) && emitted.add(key)) {
          out.get(VALID).output(row);
        } else {
          out.get(FAILED).output(FailedRow.of(table, FailedRow.VALIDATE, reason(row, keeper), row));
        }
      }
    }

    /** E.g. {@code duplicate email='a@b.c': the row with id=17 keeps it}. */
    String reason(Row duplicate, Row keeper) {
      List<String> names = orderColumns.isEmpty() ? schema.getFieldNames() : orderColumns;
      return "duplicate "
          + describe(duplicate, keyColumns)
          + ": the row with "
          + describe(keeper, names)
          + " keeps it";
    }

    private static String describe(Row row, List<String> columns) {
      return columns.stream()
          .map(c -> c + "=" + ValueText.shown(row.getValue(c)))
          .collect(Collectors.joining(", "));
    }
  }
}
