package dev.ferry.transforms.postgres;

/**
 * What {@link WritePostgres} does with text holding U+0000, which PostgreSQL cannot store in {@code
 * text} or {@code jsonb}. Deciding on the client keeps the bad row from costing a failed batch.
 */
public enum NulBytes {
  /** The row goes to dead letters naming the column. */
  REJECT,
  /** The NUL characters are removed and the row is written. */
  STRIP
}
