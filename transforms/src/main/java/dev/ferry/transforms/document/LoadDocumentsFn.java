package dev.ferry.transforms.document;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.document.DocumentFlattener;
import dev.ferry.schemas.document.ExtendedJson;
import dev.ferry.schemas.document.FlatRows;
import dev.ferry.schemas.document.FlattenPlan;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.steps.RowStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.bson.RawBsonDocument;

/**
 * Flattens, checks and writes documents one at a time (a rejected one as {@link ExtendedJson},
 * which keeps int64 apart from int32); the sink makes them durable before the bundle ends, so a
 * bundle Beam retries writes its documents again (the sink's keys make that harmless) and none is
 * lost.
 */
final class LoadDocumentsFn<T> extends DoFn<RawBsonDocument, T> {
  private static final long serialVersionUID = 1L;

  private final FlattenPlan plan;
  private final Map<String, List<RowStep>> steps;
  private final Map<String, RowsCheck> checks;
  private final DocumentSink<T> sink;
  private final TupleTag<T> results;
  private final TupleTag<FailedRow> failed;
  private final String documents;
  private final Counter droppedFields;
  private transient DocumentFlattener flattener;
  private transient Map<String, Schema> schemas;
  private transient Map<String, int[]> parentKeys;
  private transient Map<String, int[]> ordinals;
  private transient DocumentSinkWriter<T> writer;

  LoadDocumentsFn(
      FlattenPlan plan,
      Map<String, List<RowStep>> steps,
      Map<String, RowsCheck> checks,
      DocumentSink<T> sink,
      TupleTag<T> results,
      TupleTag<FailedRow> failed) {
    this.plan = plan;
    this.steps = steps;
    this.checks = checks;
    this.sink = sink;
    this.results = results;
    this.failed = failed;
    this.documents = TableMetrics.documents(plan.collection());
    this.droppedFields = TableMetrics.droppedFields(documents);
  }

  @Setup
  public void setup() {
    flattener = DocumentFlattener.of(plan);
    schemas = new HashMap<>();
    parentKeys = new HashMap<>();
    ordinals = new HashMap<>();
    for (Table t : plan.tables()) {
      schemas.put(t.name(), BeamSchemas.of(t.columns()));
      // The key without its last column (the ordinal): rows sharing it sit in one array.
      List<String> names = t.columns().stream().map(c -> c.name()).toList();
      List<String> parent = t.primaryKey().subList(0, Math.max(0, t.primaryKey().size() - 1));
      parentKeys.put(t.name(), parent.stream().mapToInt(names::indexOf).toArray());
      // The key after the document's own key is the array positions, outermost first.
      List<String> positions =
          t.primaryKey().subList(Math.min(1, t.primaryKey().size()), t.primaryKey().size());
      ordinals.put(
          t.name(),
          positions.stream()
              .filter(k -> k.startsWith("_ordinal"))
              .mapToInt(names::indexOf)
              .toArray());
    }
    writer = sink.open();
  }

  @ProcessElement
  public void process(@Element RawBsonDocument document, MultiOutputReceiver out) {
    Consumer<FailedRow> failures = f -> out.get(failed).output(f);
    FlatRows rows;
    try {
      rows = flattener.flatten(document);
    } catch (ValueRejected e) {
      failures.accept(failure(FailedRow.FLATTEN, e.getMessage(), document));
      return;
    }
    droppedFields.inc(rows.dropped().size());
    List<String> problems = new ArrayList<>();
    String[] stage = {FailedRow.VALIDATE};
    FlatRows checked = checked(rows, problems, stage);
    if (!problems.isEmpty()) {
      failures.accept(failure(stage[0], String.join("; ", problems), document));
      return;
    }
    writer.write(checked, document, failures);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    Consumer<FailedRow> failures =
        f -> context.output(failed, f, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    try {
      for (T result : writer.finish(failures)) {
        context.output(results, result, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
      }
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  @Teardown
  public void teardown() {
    if (writer != null) {
      writer.close();
    }
  }

  /**
   * The document's rows after their tables' steps, or the input when no table has steps; reasons go
   * to {@code problems} (each prefixed with its table) and the failing stage to {@code stage}.
   */
  private FlatRows checked(FlatRows rows, List<String> problems, String[] stage) {
    if (steps.isEmpty() && checks.isEmpty()) {
      return rows;
    }
    Map<String, List<List<Object>>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<List<Object>>> table : rows.rows().entrySet()) {
      String name = table.getKey();
      List<RowStep> tableSteps = steps.getOrDefault(name, List.of());
      RowsCheck check = checks.get(name);
      if (tableSteps.isEmpty() && check == null) {
        out.put(name, table.getValue());
        continue;
      }
      Schema schema = schemas.get(name);
      List<Row> passed = new ArrayList<>();
      List<String> rowProblems = new ArrayList<>();
      for (List<Object> values : table.getValue()) {
        Row row = Row.withSchema(schema).attachValues(new ArrayList<>(values));
        for (RowStep step : tableSteps) {
          row = step.apply(row, rowProblems);
          if (!rowProblems.isEmpty()) {
            stage[0] = step.stage();
            String where = name + positions(name, values);
            rowProblems.forEach(p -> problems.add(where + "." + p));
            return rows;
          }
        }
        passed.add(row);
      }
      if (check != null) {
        for (List<Row> siblings : byParent(name, passed)) {
          List<String> found = new ArrayList<>();
          check.check(siblings, found);
          if (!found.isEmpty()) {
            stage[0] = FailedRow.VALIDATE;
            problems.addAll(found);
            return rows;
          }
        }
      }
      out.put(name, passed.stream().map(Row::getValues).toList());
    }
    return new FlatRows(rows.key(), out, rows.dropped());
  }

  /**
   * Where a row of {@code table} sits in its document, as array positions: {@code [2]} for the
   * third installment, {@code [0][1]} for the second part of the first line; "" for a table with
   * one row per document or object.
   */
  private String positions(String table, List<Object> values) {
    StringBuilder out = new StringBuilder();
    for (int i : ordinals.get(table)) {
      out.append('[').append(values.get(i)).append(']');
    }
    return out.toString();
  }

  /** {@code rows} grouped by the array they sit in (their key without the ordinal), in order. */
  private List<List<Row>> byParent(String table, List<Row> rows) {
    int[] parent = parentKeys.get(table);
    Map<List<Object>, List<Row>> groups = new LinkedHashMap<>();
    for (Row row : rows) {
      List<Object> key = new ArrayList<>(parent.length);
      for (int i : parent) {
        key.add(row.getValue(i));
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    return List.copyOf(groups.values());
  }

  private FailedRow failure(String stage, String reason, RawBsonDocument document) {
    return new FailedRow(documents, stage, reason, ExtendedJson.of(document), Instant.now());
  }
}
