package dev.ferry.transforms.document;

import dev.ferry.schemas.document.FlatRows;
import dev.ferry.transforms.deadletter.FailedRow;
import java.util.List;
import java.util.function.Consumer;
import org.bson.BsonDocument;

/**
 * One worker's writer of a {@link DocumentSink}. A document is written whole: all its rows in every
 * table, or none of them and one {@link FailedRow} (the collection's name, stage {@code write}, the
 * target's reason, the original document as JSON).
 */
public interface DocumentSinkWriter<T> extends AutoCloseable {

  /**
   * Sees every document read, before it is flattened or checked: a sink that keeps documents raw
   * (the lakehouse's bronze) writes it here; others ignore it.
   */
  default void received(BsonDocument original) {}

  /**
   * Writes one document's rows (they may be buffered until {@link #finish} or a batch fills).
   *
   * @param rows the document's rows per table, values in each table's column order
   * @param original the document as read, for the dead letters if the target refuses it
   */
  void write(FlatRows rows, BsonDocument original, Consumer<FailedRow> failures);

  /** Makes every document written so far durable and returns what to hand on. */
  List<T> finish(Consumer<FailedRow> failures);

  /** Drops what was written but not made durable; the documents will be written again. */
  void abort();

  /** Releases connections and files. */
  @Override
  void close();
}
