package dev.ferry.transforms.load;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.read.KeyRange;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.Row;

/**
 * One worker's writer of a {@link RowSink}: rows of one key range at a time, made durable when the
 * range is finished. A row the target refuses goes to {@code failures}, never lost.
 */
public interface SinkWriter<T> extends AutoCloseable {

  /**
   * Called before the rows of {@code range}: a sink whose output is named after the range (dump
   * shards) writes the same files when a range is retried, instead of leaving the first try's.
   */
  default void startRange(KeyRange range) {}

  /** Writes one row (it may be buffered until the range finishes or a batch fills). */
  void write(Row row, Consumer<FailedRow> failures);

  /** Makes every row written since the range started durable and returns what to hand on. */
  List<T> finishRange(Consumer<FailedRow> failures);

  /** Drops what the current range wrote but did not make durable; the range will be retried. */
  void abortRange();

  /** Releases connections and files. */
  @Override
  void close();
}
