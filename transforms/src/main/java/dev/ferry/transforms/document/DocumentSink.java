package dev.ferry.transforms.document;

import java.io.Serializable;

/**
 * Where the flattened rows of a collection's documents are written: all the tables of one
 * collection together (PostgreSQL tables in one transaction per batch, Delta tables). Serializable,
 * so each worker opens its own {@link DocumentSinkWriter}.
 *
 * @param <T> what a finished batch hands on: written batches, data files to commit
 */
public interface DocumentSink<T> extends Serializable {

  /** A writer for one worker; it lives as long as the worker and writes many bundles. */
  DocumentSinkWriter<T> open();

  /** Where the rows go, for display data: never a password. */
  String describe();
}
