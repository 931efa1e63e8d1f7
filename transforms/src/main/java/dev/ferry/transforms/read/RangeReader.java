package dev.ferry.transforms.read;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.transforms.deadletter.FailedRow;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Reads one source table in key ranges, row by row: the one read path of {@link ReadTable} and of
 * fused loads, whatever the source (SQLite, MySQL, PostgreSQL). Serializable, so workers read their
 * ranges with it.
 */
public interface RangeReader extends Serializable {

  /** The table read, with its columns as the rows carry them (after casts). */
  Table table();

  /** The schema of the rows it reads. */
  /**
   * The name its rows are counted under as read: the table's, or a layer's line for a table read
   * back from the lake ({@code orders (silver)}).
   */
  default String countedAs() {
    return table().name();
  }

  default Schema rowSchema() {
    return BeamSchemas.of(table().columns());
  }

  /**
   * The ranges to read, found at run time from the split key's bounds (about {@code rowsPerSplit}
   * rows each), or one whole-table range when the table has no split key. Empty for an empty table.
   */
  List<KeyRange> ranges(long rowsPerSplit);

  /** Reads {@code range}; every row read goes to exactly one of the two consumers. */
  void read(KeyRange range, Consumer<Row> rows, Consumer<FailedRow> failures);

  /**
   * Releases what the reader keeps between reads (a JDBC reader's connection). The DoFns that read
   * with it call this at teardown; a read after it opens again.
   */
  default void close() {}

  /** The filter rows must pass to be read, if any (see {@link RowFilter}). */
  default Optional<RowFilter> filter() {
    return Optional.empty();
  }

  /** Where the rows come from, for display data and messages: never a password. */
  String describe();
}
