package dev.ferry.transforms.load;

import java.io.Serializable;

/**
 * Where a fused load writes the rows that pass every step: Delta data files, PostgreSQL COPY
 * batches. Serializable, so each worker opens its own {@link SinkWriter}.
 *
 * @param <T> what a finished range hands on: data files to commit, or written batches
 */
public interface RowSink<T> extends Serializable {

  /** A writer for one worker; it lives as long as the worker and writes many ranges. */
  SinkWriter<T> open();

  /** Where the rows go, for display data: never a password. */
  String describe();
}
