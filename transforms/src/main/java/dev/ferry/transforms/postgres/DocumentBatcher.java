package dev.ferry.transforms.postgres;

import dev.ferry.schemas.document.FlatRows;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.document.DocumentSinkWriter;
import dev.ferry.transforms.metrics.TableMetrics;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * One worker's document buffer: each document's rows are encoded as COPY text when it arrives and
 * the documents are loaded by a {@link DocumentLoader} when the buffer reaches its row limit (all
 * tables together) or byte limit, or when the caller finishes. A document with a row PostgreSQL
 * cannot take (NUL, unpaired surrogate) is rejected whole before it is buffered.
 *
 * <p>Metrics: per table ({@link TableTarget#source()}), {@code read} counts the rows handed over,
 * {@code written} the rows committed, {@code rejected} the rows of refused documents, {@code bytes}
 * the COPY text committed; per collection, {@code written} counts the documents committed (the
 * reader counts its {@code read}, the dead-letter writer its {@code rejected}). So read = written +
 * rejected holds per table and per collection. A root table named like its collection (the default)
 * shares its counters: its rows are the documents, one each, and are counted once, as the
 * collection's.
 */
final class DocumentBatcher implements DocumentSinkWriter<WrittenBatch> {

  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  private final DocumentTables tables;
  private final List<CopyText> encoders = new ArrayList<>();
  private final DocumentLoader loader;
  private final int maxRows;
  private final long maxBytes;
  private final Counter documentsWritten;

  /** Whether the root table's read, written and rejected counters are the collection's. */
  private final boolean rootCountedAsCollection;

  private final List<Counter> read = new ArrayList<>();
  private final List<Counter> written = new ArrayList<>();
  private final List<Counter> rejected = new ArrayList<>();
  private final List<Counter> bytes = new ArrayList<>();
  private final List<Distribution> active = new ArrayList<>();
  private List<EncodedDocument> buffer = new ArrayList<>();
  private long bufferedRows;
  private long bufferedBytes;
  private final List<WrittenBatch> done = new ArrayList<>();

  DocumentBatcher(
      PostgresTarget target,
      DocumentTables tables,
      NulBytes nulBytes,
      int maxRows,
      long maxBytes,
      RetryPolicy retries) {
    this.tables = tables;
    this.loader = new DocumentLoader(target, tables, retries);
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
    this.documentsWritten = TableMetrics.written(tables.collection());
    this.rootCountedAsCollection = tables.root().source().equals(tables.collection());
    for (TableTarget t : tables.tables()) {
      encoders.add(new CopyText(t.columns(), nulBytes));
      read.add(TableMetrics.read(t.source()));
      written.add(TableMetrics.written(t.source()));
      rejected.add(TableMetrics.rejected(t.source()));
      bytes.add(TableMetrics.bytes(t.source()));
      active.add(TableMetrics.activeMillis(t.source()));
    }
  }

  @Override
  public void write(FlatRows rows, BsonDocument original, Consumer<FailedRow> failures) {
    List<List<List<Object>>> byTable = new ArrayList<>();
    for (int t = 0; t < tables.tables().size(); t++) {
      List<List<Object>> tableRows = rows.rows(tables.tables().get(t).source());
      countRows(read, t, tableRows.size());
      byTable.add(tableRows);
    }
    if (byTable.get(0).size() != 1) {
      throw new IllegalArgumentException(
          "a document has one row in its root table "
              + tables.root().displayName()
              + ", got "
              + byTable.get(0).size());
    }
    List<List<byte[]>> lines = new ArrayList<>();
    long size = 0;
    for (int t = 0; t < byTable.size(); t++) {
      List<byte[]> tableLines = new ArrayList<>(byTable.get(t).size());
      for (List<Object> values : byTable.get(t)) {
        byte[] line;
        try {
          line = encoders.get(t).encode(values);
        } catch (ValueRejected e) {
          for (int r = 0; r < byTable.size(); r++) {
            countRows(rejected, r, byTable.get(r).size());
          }
          failures.accept(deadLetter(original, tables.tables().get(t), e.getMessage()));
          return;
        }
        tableLines.add(line);
        size += line.length + 1;
      }
      lines.add(tableLines);
    }
    EncodedDocument document = new EncodedDocument(original, lines, size);
    buffer.add(document);
    bufferedRows += document.rows();
    bufferedBytes += size;
    if (bufferedRows >= maxRows || bufferedBytes >= maxBytes) {
      flush(failures);
    }
  }

  @Override
  public List<WrittenBatch> finish(Consumer<FailedRow> failures) {
    flush(failures);
    List<WrittenBatch> finished = List.copyOf(done);
    done.clear();
    return finished;
  }

  private void flush(Consumer<FailedRow> failures) {
    if (buffer.isEmpty()) {
      return;
    }
    done.addAll(
        loader.load(
            buffer,
            new DocumentLoader.Sink() {
              @Override
              public void committed(DocumentLoader.Committed part) {
                documentsWritten.inc(part.documents());
                long now = System.currentTimeMillis();
                for (int t = 0; t < part.rows().length; t++) {
                  countRows(written, t, part.rows()[t]);
                  bytes.get(t).inc(part.bytes()[t]);
                  active.get(t).update(now);
                }
              }

              @Override
              public void failed(EncodedDocument document, TableTarget table, String reason) {
                for (int t = 0; t < tables.tables().size(); t++) {
                  countRows(rejected, t, document.rows(t));
                }
                failures.accept(deadLetter(document.original(), table, reason));
              }
            }));
    buffer = new ArrayList<>();
    bufferedRows = 0;
    bufferedBytes = 0;
  }

  /** Counts {@code rows} of table {@code t}, unless the collection's counts already hold them. */
  private void countRows(List<Counter> counters, int t, long rows) {
    if (t > 0 || !rootCountedAsCollection) {
      counters.get(t).inc(rows);
    }
  }

  /** The document's dead letter: the collection's, naming the table that refused it. */
  private FailedRow deadLetter(BsonDocument original, TableTarget table, String reason) {
    return new FailedRow(
        tables.collection(),
        FailedRow.WRITE,
        table.table() + ": " + reason,
        original.toJson(RELAXED),
        Instant.now());
  }

  @Override
  public void abort() {
    buffer = new ArrayList<>();
    bufferedRows = 0;
    bufferedBytes = 0;
    done.clear();
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (SQLException e) {
      // closing a connection that already failed: nothing left to save
    }
  }
}
