package dev.ferry.transforms.postgres;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Loads batches of documents into a collection's tables, one transaction per part, so a document
 * lands with all its rows or not at all.
 *
 * <ul>
 *   <li><b>Fast path</b> (a fresh load): a plain COPY of the part's root rows, then one per child
 *       table, parents first, and commit. When the root COPY meets a key already present (23505),
 *       the part is rolled back and takes the careful path, and so do all later batches of this
 *       loader: a re-run would otherwise pay a failed COPY per batch.
 *   <li><b>Careful path</b>: the root rows are staged ({@link MergeSql}). APPEND leaves a document
 *       whose key is present as it is, with all its child rows, and writes the others. UPSERT
 *       merges the root rows, deletes every child row of the part's documents (deepest tables
 *       first) and copies the new ones: a re-run rewrites the same rows, and a document whose array
 *       shrank keeps no stale child rows.
 *   <li><b>Bad documents</b> are isolated by {@link SplitOnDataError}: when a COPY fails, the line
 *       it names belongs to one document, which is rejected at once; otherwise the part is halved.
 *       A document that fails alone is handed back with the table and PostgreSQL's error.
 *   <li>Passing failures are retried and setup failures stop the write, as {@link RetryingSession}
 *       says; the root table must have a unique key on the document's key.
 * </ul>
 */
final class DocumentLoader implements AutoCloseable {

  /** A key the root COPY brings is already in the table. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** Where a batch's results go as they happen. */
  interface Sink {
    /** One part committed; called after the commit. */
    void committed(Committed part);

    /** A document the server refused on its own: {@code table} is where, with its error. */
    void failed(EncodedDocument document, TableTarget table, String reason);
  }

  /**
   * What one committed part did, per table in the tables' order.
   *
   * @param documents documents now in the tables (APPEND: including those left as they were)
   * @param rows rows of those documents, now in the tables
   * @param changed rows inserted or updated (child rows of an UPSERT are rewritten: all count)
   * @param bytes COPY text sent
   */
  record Committed(int documents, long[] rows, long[] changed, long[] bytes) {}

  /** A table's COPY lines for a part, and the document (index in the part) of each line. */
  private record Lines(List<byte[]> lines, int[] documents) {}

  private final DocumentTables tables;
  private final DocumentSql sql;
  private final RetryingSession sessions;
  private boolean fastPath = true;

  /** Fast-path transactions of the batch loading that met a present key and rolled back. */
  private long fastPathsRolledBack;

  /** The table the statement running belongs to, for error messages and dead letters. */
  private TableTarget working;

  /** The document of each line of the COPY running, or null outside a COPY. */
  private int[] copying;

  DocumentLoader(PostgresTarget target, DocumentTables tables, RetryPolicy retries) {
    this.tables = tables;
    this.sql = DocumentSql.of(tables);
    this.working = tables.root();
    this.sessions = new RetryingSession(target, List.of(tables.root()), retries, () -> working);
  }

  /**
   * Loads {@code batch}, isolating bad documents.
   *
   * @return one WrittenBatch per table, in the tables' order; the root's carries the transactions
   */
  List<WrittenBatch> load(List<EncodedDocument> batch, Sink sink) {
    int n = tables.tables().size();
    long[] rows = new long[n];
    long[] changed = new long[n];
    long[] rejected = new long[n];
    long[] bytes = new long[n];
    fastPathsRolledBack = 0;
    long parts =
        SplitOnDataError.load(
            batch,
            part -> {
              statementOn(0); // a failure to connect is reported for the root table
              Committed done = sessions.run(s -> loadPart(s, part));
              for (int t = 0; t < n; t++) {
                rows[t] += done.rows()[t];
                changed[t] += done.changed()[t];
                bytes[t] += done.bytes()[t];
              }
              sink.committed(done);
            },
            this::badDocument,
            (document, e) -> {
              for (int t = 0; t < n; t++) {
                rejected[t] += document.rows(t);
              }
              sink.failed(document, working, SqlErrors.reason(e));
            });
    long transactions = parts + fastPathsRolledBack;
    List<WrittenBatch> written = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      written.add(
          new WrittenBatch(
              tables.tables().get(t).source(),
              rows[t],
              changed[t],
              rejected[t],
              bytes[t],
              t == 0 ? transactions : 0));
    }
    return written;
  }

  private Committed loadPart(PostgresSession session, List<EncodedDocument> part)
      throws SQLException {
    statementOn(0);
    if (fastPath) {
      Committed done = fast(session, part);
      if (done != null) {
        return done;
      }
      fastPath = false;
      fastPathsRolledBack++;
    }
    return careful(session, part);
  }

  /** Plain COPYs into every table; null, rolled back, when a document's key is present. */
  private Committed fast(PostgresSession session, List<EncodedDocument> part) throws SQLException {
    Committed done = committed(part);
    try {
      session.begin();
      for (int t = 0; t < done.rows().length; t++) {
        Loaded loaded;
        try {
          loaded = copy(session, t, sql.plainCopies().get(t), lines(part, t, Set.of()), false);
        } catch (SQLException e) {
          if (t == 0 && UNIQUE_VIOLATION.equals(e.getSQLState())) {
            session.rollback(e);
            return null;
          }
          throw e;
        }
        done.rows()[t] = loaded.rows();
        done.changed()[t] = loaded.changed();
        done.bytes()[t] = loaded.bytes();
      }
      session.commit();
      return done;
    } catch (SQLException | RuntimeException e) {
      session.rollback(e);
      throw e;
    }
  }

  /** Staging and merge of the root rows, then the child rows of the documents written. */
  private Committed careful(PostgresSession session, List<EncodedDocument> part)
      throws SQLException {
    Committed done = committed(part);
    MergeSql root = sql.root();
    try {
      session.begin();
      statementOn(0);
      session.update(root.createStaging());
      Loaded staged = copy(session, 0, root.copy(), lines(part, 0, Set.of()), true);
      statementOn(0);
      session.update(sql.analyzeStaging());
      Set<Integer> skipped;
      long merged;
      if (tables.root().mode() == TableTarget.Mode.APPEND) {
        skipped = new HashSet<>(session.ordinals(sql.skipped()));
        merged = session.update(root.merge());
      } else {
        merged = session.update(root.merge());
        skipped = new HashSet<>(session.ordinals(sql.skipped()));
        for (int t = sql.deleteChildren().size(); t >= 1; t--) {
          statementOn(t);
          session.update(sql.deleteChildren().get(t - 1));
        }
      }
      done.rows()[0] = part.size();
      done.changed()[0] = merged;
      done.bytes()[0] = staged.bytes();
      for (int t = 1; t < done.rows().length; t++) {
        Loaded loaded = copy(session, t, sql.plainCopies().get(t), lines(part, t, skipped), false);
        done.rows()[t] = rowsIn(part, t);
        done.changed()[t] = loaded.changed();
        done.bytes()[t] = loaded.bytes();
      }
      session.commit();
      return done;
    } catch (SQLException | RuntimeException e) {
      session.rollback(e);
      throw e;
    }
  }

  private Committed committed(List<EncodedDocument> part) {
    int n = tables.tables().size();
    return new Committed(part.size(), new long[n], new long[n], new long[n]);
  }

  /** One COPY into table {@code t}, remembering which document each line is. */
  private Loaded copy(
      PostgresSession session, int t, String copySql, Lines lines, boolean withOrdinal)
      throws SQLException {
    working = tables.tables().get(t);
    copying = lines.documents();
    Loaded loaded = session.copy(copySql, lines.lines(), withOrdinal);
    copying = null;
    return loaded;
  }

  /** A statement other than a COPY, on table {@code t}. */
  private void statementOn(int t) {
    working = tables.tables().get(t);
    copying = null;
  }

  /** The lines of table {@code t} of the part's documents, leaving out those {@code skipped}. */
  private static Lines lines(List<EncodedDocument> part, int t, Set<Integer> skipped) {
    List<byte[]> lines = new ArrayList<>();
    int[] documents = new int[rowsIn(part, t)];
    for (int d = 0; d < part.size(); d++) {
      if (skipped.contains(d)) {
        continue;
      }
      for (byte[] line : part.get(d).lines().get(t)) {
        documents[lines.size()] = d;
        lines.add(line);
      }
    }
    return new Lines(lines, Arrays.copyOf(documents, lines.size()));
  }

  private static int rowsIn(List<EncodedDocument> part, int t) {
    int rows = 0;
    for (EncodedDocument d : part) {
      rows += d.rows(t);
    }
    return rows;
  }

  /** The document whose line the failed COPY names, if a COPY failed and names one. */
  private OptionalInt badDocument(SQLException e, List<EncodedDocument> part) {
    OptionalInt line = SqlErrors.copyLine(e);
    if (copying == null || line.isEmpty()) {
      return OptionalInt.empty();
    }
    int index = line.getAsInt() - 1;
    return index >= 0 && index < copying.length
        ? OptionalInt.of(copying[index])
        : OptionalInt.empty();
  }

  @Override
  public void close() throws SQLException {
    sessions.close();
  }
}
