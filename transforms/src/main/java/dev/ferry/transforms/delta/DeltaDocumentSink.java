package dev.ferry.transforms.delta;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.document.ExtendedJson;
import dev.ferry.schemas.document.FlatRows;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.document.DocumentSink;
import dev.ferry.transforms.document.DocumentSinkWriter;
import dev.ferry.transforms.document.RawDocument;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.steps.RowStep;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.bson.BsonDocument;

/**
 * The flattened tables of one collection's documents as Delta tables, one {@link DeltaTableWriter}
 * per table: the {@link DocumentSink} of the lakehouse's silver layer. It hands on each finished
 * data file keyed by its table's name; {@link CommitDeltaTables} commits every table's files once.
 *
 * <pre>{@code
 * DeltaDocumentSink sink =
 *     DeltaDocumentSink.of("contracts")
 *         .withTable(clientsWriter, clientsSchema, List.of(stampClients))
 *         .withTable(installmentsWriter, installmentsSchema, List.of(stampInstallments));
 * LoadDocuments<KV<String, DeltaFile>> load = LoadDocuments.of(plan).into(sink, DeltaDocumentSink.CODER);
 * PCollectionTuple out = documents.apply("Load contracts", load);
 * out.get(load.results()).apply("Commit", CommitDeltaTables.of(sink.writers()));
 * }</pre>
 *
 * <p>Each table's rows arrive in its columns' order and go through its steps (the ingest columns
 * and partition values, typically) before the writer. A document lands whole: all its rows of all
 * tables are shaped before any is written, so a step refusing one row sends the whole document to
 * the dead letters (stage of the step, under {@code TableMetrics.documents(collection)}) and writes
 * none of it; a file that cannot be written fails the bundle, whose files are deleted before Beam
 * retries it. Nothing is visible to readers before the commit.
 *
 * <p>Counts every row it writes as {@code read} of its table (the commit counts {@code written}),
 * so each table's counts reconcile by themselves; the document counts are the caller's.
 */
public final class DeltaDocumentSink implements DocumentSink<KV<String, DeltaFile>> {
  private static final long serialVersionUID = 1L;

  /** What the sink hands on: a table's name and one of its data files. */
  public static final Coder<KV<String, DeltaFile>> CODER =
      KvCoder.of(StringUtf8Coder.of(), DeltaFile.CODER);

  private final String collection;
  private final List<TableWrite> tables;
  private final TableWrite raw;

  private DeltaDocumentSink(String collection, List<TableWrite> tables, TableWrite raw) {
    this.collection = collection;
    this.tables = List.copyOf(tables);
    this.raw = raw;
  }

  /** A sink for the documents of {@code collection}, with no tables yet. */
  public static DeltaDocumentSink of(String collection) {
    if (collection == null || collection.isEmpty()) {
      throw new IllegalArgumentException("collection name is empty");
    }
    return new DeltaDocumentSink(collection, List.of(), null);
  }

  /**
   * Adds the table {@code writer} writes (named by its spec's table, which must be the flattened
   * table's name).
   *
   * @param rows the schema of the table's flattened rows: its columns, in order
   * @param steps what turns such a row into a row {@code writer} takes, in order
   */
  public DeltaDocumentSink withTable(DeltaTableWriter writer, Schema rows, List<RowStep> steps) {
    String name = writer.spec().table();
    if (tables.stream().anyMatch(t -> t.name().equals(name))) {
      throw new IllegalArgumentException("table " + name + " is already in this sink");
    }
    List<TableWrite> more = new ArrayList<>(tables);
    more.add(new TableWrite(writer, rows, List.copyOf(steps)));
    return new DeltaDocumentSink(collection, more, raw);
  }

  /**
   * Also writes every document read, raw, into the table {@code writer} writes (the bronze layer):
   * rows of {@code RawDocument.COLUMNS} through {@code steps}, written as documents arrive, before
   * flattening, so it holds the documents that are rejected too.
   */
  public DeltaDocumentSink withRawTable(DeltaTableWriter writer, List<RowStep> steps) {
    return new DeltaDocumentSink(
        collection,
        tables,
        new TableWrite(writer, BeamSchemas.of(RawDocument.COLUMNS), List.copyOf(steps)));
  }

  /**
   * The writers of the tables, in the order they were added: what {@link CommitDeltaTables} takes.
   */
  public List<DeltaTableWriter> writers() {
    List<DeltaTableWriter> writers = new ArrayList<>();
    tables.forEach(t -> writers.add(t.writer()));
    if (raw != null) {
      writers.add(raw.writer());
    }
    return writers;
  }

  @Override
  public String describe() {
    return String.join(", ", tables.stream().map(t -> t.writer().spec().path()).toList());
  }

  @Override
  public DocumentSinkWriter<KV<String, DeltaFile>> open() {
    if (tables.isEmpty()) {
      throw new IllegalStateException(
          "the Delta sink of collection " + collection + " has no tables");
    }
    return new Writer();
  }

  /** One table of the sink. */
  private record TableWrite(DeltaTableWriter writer, Schema rows, List<RowStep> steps)
      implements Serializable {
    String name() {
      return writer.spec().table();
    }
  }

  /** One worker's sessions, one per table, started by the table's first row in a bundle. */
  private final class Writer implements DocumentSinkWriter<KV<String, DeltaFile>> {
    private final Map<String, TableWrite> byName = new LinkedHashMap<>();
    private final Map<String, DeltaTableWriter.Session> sessions = new LinkedHashMap<>();
    private final Map<String, Counter> read = new LinkedHashMap<>();
    private final List<DeltaFile> finished = new ArrayList<>();

    private Writer() {
      for (TableWrite t : tables) {
        byName.put(t.name(), t);
        read.put(t.name(), TableMetrics.read(t.name()));
      }
      if (raw != null) {
        read.put(raw.name(), TableMetrics.read(raw.name()));
      }
    }

    @Override
    public void received(BsonDocument original) {
      if (raw == null) {
        return;
      }
      Row row = RawDocument.row(original);
      for (RowStep step : raw.steps()) {
        // Ingest columns and partitions: steps that never refuse a row.
        row = step.apply(row, new ArrayList<>());
      }
      session(raw).write(row);
      read.get(raw.name()).inc();
    }

    private DeltaTableWriter.Session session(TableWrite table) {
      DeltaTableWriter.Session session = sessions.get(table.name());
      if (session == null) {
        session = table.writer().start();
        sessions.put(table.name(), session);
        TableMetrics.activeMillis(table.name()).update(System.currentTimeMillis());
      }
      return session;
    }

    @Override
    public void write(FlatRows rows, BsonDocument original, Consumer<FailedRow> failures) {
      Map<String, List<Row>> shaped = new LinkedHashMap<>();
      for (Map.Entry<String, List<List<Object>>> entry : rows.rows().entrySet()) {
        TableWrite table = byName.get(entry.getKey());
        if (table == null) {
          throw new IllegalStateException(
              "collection "
                  + collection
                  + ": table "
                  + entry.getKey()
                  + " has no Delta table in this sink (tables: "
                  + String.join(", ", byName.keySet())
                  + ")");
        }
        List<Row> out = new ArrayList<>(entry.getValue().size());
        for (List<Object> values : entry.getValue()) {
          Row row = Row.withSchema(table.rows()).attachValues(new ArrayList<>(values));
          for (RowStep step : table.steps()) {
            List<String> problems = new ArrayList<>();
            row = step.apply(row, problems);
            if (!problems.isEmpty()) {
              failures.accept(refused(step, table.name(), problems, original));
              return;
            }
          }
          out.add(row);
        }
        shaped.put(table.name(), out);
      }
      shaped.forEach(
          (table, out) -> {
            if (out.isEmpty()) {
              return;
            }
            DeltaTableWriter.Session session = session(byName.get(table));
            for (Row row : out) {
              session.write(row);
            }
            read.get(table).inc(out.size());
          });
    }

    @Override
    public List<KV<String, DeltaFile>> finish(Consumer<FailedRow> failures) {
      List<KV<String, DeltaFile>> out = new ArrayList<>();
      for (Map.Entry<String, DeltaTableWriter.Session> s : sessions.entrySet()) {
        // Once a session is finished its files are ours to delete if a later one fails.
        List<DeltaFile> files = s.getValue().finish();
        finished.addAll(files);
        files.forEach(f -> out.add(KV.of(s.getKey(), f)));
        TableMetrics.activeMillis(s.getKey()).update(System.currentTimeMillis());
      }
      sessions.clear();
      finished.clear();
      return out;
    }

    @Override
    public void abort() {
      sessions.values().forEach(DeltaTableWriter.Session::abort);
      sessions.clear();
      CommitFn.delete(finished);
      finished.clear();
    }

    @Override
    public void close() {
      abort();
    }

    private FailedRow refused(
        RowStep step, String table, List<String> problems, BsonDocument original) {
      List<String> reasons = problems.stream().map(p -> table + "." + p).toList();
      return new FailedRow(
          TableMetrics.documents(collection),
          step.stage(),
          String.join("; ", reasons),
          ExtendedJson.of(original),
          Instant.now());
    }
  }
}
