package dev.ferry.transforms.postgres;

import dev.ferry.transforms.document.DocumentSink;
import dev.ferry.transforms.document.DocumentSinkWriter;
import java.io.Serializable;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.display.HasDisplayData;

/**
 * Writes flattened documents into a collection's existing PostgreSQL tables with COPY, a document
 * with all its rows in one transaction, the same COPY text, merge SQL, retries and error handling
 * as {@link WritePostgres}.
 *
 * <pre>{@code
 * DocumentSink<WrittenBatch> sink =
 *     WritePostgresDocuments.to(
 *             PostgresTarget.of("jdbc:postgresql://db/bank", "loader", password),
 *             new DocumentTables("contracts", targets)) // root first, parents before children
 *         .withNulBytes(NulBytes.STRIP)
 *         .sink();
 * try (DocumentSinkWriter<WrittenBatch> writer = sink.open()) {
 *   writer.write(flattener.flatten(document), document, deadLetters::add);
 *   List<WrittenBatch> batches = writer.finish(deadLetters::add);
 * }
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Whole documents.</b> Documents are buffered up to {@link #DEFAULT_BATCH_ROWS} rows (all
 *       tables together) or {@link #DEFAULT_BATCH_BYTES} of COPY text and loaded one transaction
 *       per batch: a document is in every table with all its rows, or in none.
 *   <li><b>Idempotent.</b> The root table's mode says what a document already there does: {@code
 *       APPEND} leaves it and its child rows exactly as they are; {@code UPSERT} updates its root
 *       row and replaces all its child rows, so an array that shrank leaves no stale rows and a
 *       re-run rewrites the same rows. Either way a retried bundle or a re-run never duplicates a
 *       row. A fresh load takes a plain COPY per table; the first batch that meets a present key
 *       switches the writer to staging and merge.
 *   <li><b>Bad documents</b> (a value the table refuses: SQLState class 22, 23…) are isolated by
 *       splitting the batch by documents; each goes to the dead letters once, under the
 *       collection's name, with the table and PostgreSQL's reason and the document as relaxed
 *       Extended JSON. All other documents load. Text with NUL characters is rejected before it is
 *       sent, or stripped ({@link #withNulBytes}).
 *   <li><b>Failures</b>: lost connections, restarts and deadlocks are retried with backoff ({@link
 *       #withRetries}); a setup error (login, missing table, no unique key on the root's key) stops
 *       the write with one line naming table, server and user, never the password.
 * </ul>
 *
 * <p>{@link DocumentSinkWriter#finish} returns one {@link WrittenBatch} per table for each batch
 * loaded, in the tables' order ({@code rows} 0 where the batch had none); the root table's carries
 * the batch's transactions, the others 0, so transactions add up across tables. Metrics: see {@link
 * DocumentBatcher}.
 */
public final class WritePostgresDocuments implements Serializable, HasDisplayData {
  private static final long serialVersionUID = 1L;

  /** Rows per batch by default, all tables together: as {@link WritePostgres}. */
  public static final int DEFAULT_BATCH_ROWS = WritePostgres.DEFAULT_BATCH_ROWS;

  /** COPY text per batch by default, which bounds a worker's buffer whatever the documents. */
  public static final long DEFAULT_BATCH_BYTES = WritePostgres.DEFAULT_BATCH_BYTES;

  private final PostgresTarget target;
  private final DocumentTables tables;
  private final NulBytes nulBytes;
  private final int batchRows;
  private final long batchBytes;
  private final RetryPolicy retries;

  private WritePostgresDocuments(
      PostgresTarget target,
      DocumentTables tables,
      NulBytes nulBytes,
      int batchRows,
      long batchBytes,
      RetryPolicy retries) {
    this.target = target;
    this.tables = tables;
    this.nulBytes = nulBytes;
    this.batchRows = batchRows;
    this.batchBytes = batchBytes;
    this.retries = retries;
  }

  /** Writes into {@code tables} on {@code target}, in batches of 10,000 rows or 8 MiB. */
  public static WritePostgresDocuments to(PostgresTarget target, DocumentTables tables) {
    return new WritePostgresDocuments(
        target,
        tables,
        NulBytes.REJECT,
        DEFAULT_BATCH_ROWS,
        DEFAULT_BATCH_BYTES,
        RetryPolicy.DEFAULT);
  }

  /** Whether text with NUL characters rejects its document (the default) or is stripped. */
  public WritePostgresDocuments withNulBytes(NulBytes policy) {
    return new WritePostgresDocuments(target, tables, policy, batchRows, batchBytes, retries);
  }

  /** The most rows (all tables together) one transaction loads; a larger document loads alone. */
  public WritePostgresDocuments withBatchRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("batchRows must be positive, got " + rows);
    }
    return new WritePostgresDocuments(target, tables, nulBytes, rows, batchBytes, retries);
  }

  /** The most COPY text one transaction loads; a larger document loads alone. */
  public WritePostgresDocuments withBatchBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("batchBytes must be positive, got " + bytes);
    }
    return new WritePostgresDocuments(target, tables, nulBytes, batchRows, bytes, retries);
  }

  /** How passing failures (lost connection, restart, deadlock) are retried. */
  public WritePostgresDocuments withRetries(RetryPolicy policy) {
    return new WritePostgresDocuments(target, tables, nulBytes, batchRows, batchBytes, policy);
  }

  /** The write as a sink: each worker opens one writer with its own connection. */
  public DocumentSink<WrittenBatch> sink() {
    return new Sink(this);
  }

  /** Tables, mode and server, for display data: never the password. */
  public String describe() {
    return tables.tables().stream().map(TableTarget::displayName).collect(Collectors.joining(", "))
        + " ("
        + tables.root().mode().name().toLowerCase(Locale.ROOT)
        + " by "
        + String.join(", ", tables.root().keyColumns())
        + ") on "
        + target.displayUrl()
        + " as "
        + target.user();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    builder
        .add(DisplayData.item("url", target.displayUrl()).withLabel("JDBC URL"))
        .add(DisplayData.item("user", target.user()).withLabel("User"))
        .add(DisplayData.item("collection", tables.collection()).withLabel("Collection"))
        .add(
            DisplayData.item(
                    "tables",
                    tables.tables().stream()
                        .map(TableTarget::displayName)
                        .collect(Collectors.joining(", ")))
                .withLabel("Tables"))
        .add(DisplayData.item("mode", tables.root().mode().name()).withLabel("Mode"))
        .add(DisplayData.item("batchRows", batchRows).withLabel("Rows per batch"))
        .add(DisplayData.item("batchBytes", batchBytes).withLabel("COPY bytes per batch"))
        .add(DisplayData.item("nulBytes", nulBytes.name()).withLabel("Text with NUL"));
  }

  /** Serializable; each worker's {@link #open} connects on its own. */
  private static final class Sink implements DocumentSink<WrittenBatch> {
    private static final long serialVersionUID = 1L;

    private final WritePostgresDocuments write;

    Sink(WritePostgresDocuments write) {
      this.write = write;
    }

    @Override
    public DocumentSinkWriter<WrittenBatch> open() {
      return new DocumentBatcher(
          write.target,
          write.tables,
          write.nulBytes,
          write.batchRows,
          write.batchBytes,
          write.retries);
    }

    @Override
    public String describe() {
      return write.describe();
    }
  }
}
