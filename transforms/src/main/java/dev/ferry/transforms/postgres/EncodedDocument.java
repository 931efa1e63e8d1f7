package dev.ferry.transforms.postgres;

import java.util.List;
import org.bson.BsonDocument;

/**
 * A buffered document with the COPY lines of its rows, encoded once when it arrives so a batch
 * knows its exact size and a split batch is re-sent without re-encoding.
 *
 * @param original the document as read, for its dead letter
 * @param lines per table of the collection, in the tables' order: the document's rows there
 * @param bytes COPY text of all its rows, line ends included
 */
record EncodedDocument(BsonDocument original, List<List<byte[]>> lines, long bytes) {

  EncodedDocument {
    lines = List.copyOf(lines);
  }

  /** The document's rows in table {@code table} (its index among the collection's tables). */
  int rows(int table) {
    return lines.get(table).size();
  }

  /** The document's rows in all tables together. */
  int rows() {
    return lines.stream().mapToInt(List::size).sum();
  }
}
