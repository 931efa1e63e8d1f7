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
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.bson.BsonDocument;

/**
 * What happens to one document of a load: flattened, its rows through their tables' steps and the
 * checks across its arrays, then handed whole to the sink's writer, or rejected whole as one {@link
 * FailedRow} (the original as {@link ExtendedJson}, which keeps int64 apart from int32).
 * Serializable with its settings; {@link #open} builds what a worker needs.
 */
final class DocumentPass<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FlattenPlan plan;
  private final Map<String, List<RowStep>> steps;
  private final Map<String, RowsCheck> checks;
  private final DocumentSink<T> sink;
  private final String documents;
  private final Counter droppedFields;
  private transient DocumentFlattener flattener;
  private transient Map<String, Schema> schemas;
  private transient Map<String, int[]> parentKeys;
  private transient Map<String, int[]> ordinals;
  private transient DocumentSinkWriter<T> writer;

  DocumentPass(
      FlattenPlan plan,
      Map<String, List<RowStep>> steps,
      Map<String, RowsCheck> checks,
      DocumentSink<T> sink) {
    this.plan = plan;
    this.steps = steps;
    this.checks = checks;
    this.sink = sink;
    this.documents = TableMetrics.documents(plan.collection());
    this.droppedFields = TableMetrics.droppedFields(documents);
  }

  /** Prepares the flattener and opens the sink's writer (if it has one); once per worker. */
  void open() {
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
      // After the document's own key come the array positions, outermost first.
      ordinals.put(
          t.name(),
          t.primaryKey().stream()
              .skip(1)
              .filter(k -> k.startsWith("_ordinal"))
              .mapToInt(names::indexOf)
              .toArray());
    }
    writer = sink == null ? null : sink.open();
  }

  /** Flattens, checks and writes {@code document}; a rejection goes to {@code failures}. */
  void accept(BsonDocument document, Consumer<FailedRow> failures) {
    writer.received(document);
    FlatRows checked = check(document, failures);
    if (checked != null) {
      writer.write(checked, document, failures);
    }
  }

  /**
   * {@code document}'s rows, flattened and through their steps and checks: what the sink would be
   * given; null when the document is rejected (into {@code failures}).
   */
  FlatRows check(BsonDocument document, Consumer<FailedRow> failures) {
    FlatRows rows;
    try {
      rows = flattener.flatten(document);
    } catch (ValueRejected e) {
      failures.accept(failure(FailedRow.FLATTEN, e.getMessage(), document));
      return null;
    }
    droppedFields.inc(rows.dropped().size());
    List<String> problems = new ArrayList<>();
    String[] stage = {FailedRow.VALIDATE};
    FlatRows checked = checked(rows, problems, stage);
    if (!problems.isEmpty()) {
      failures.accept(failure(stage[0], String.join("; ", problems), document));
      return null;
    }
    return checked;
  }

  /** The Beam schema of {@code table}'s rows. */
  Schema schema(String table) {
    return schemas.get(table);
  }

  /** Makes what was written durable; on failure drops it and rethrows. */
  List<T> finish(Consumer<FailedRow> failures) {
    try {
      return writer.finish(failures);
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /** Drops what was written and not made durable. */
  void abort() {
    writer.abort();
  }

  void close() {
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

  private FailedRow failure(String stage, String reason, BsonDocument document) {
    return new FailedRow(documents, stage, reason, ExtendedJson.of(document), Instant.now());
  }
}
