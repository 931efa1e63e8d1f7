package dev.ferry.schemas.types;

/**
 * A value that does not fit its column's logical type. The message is the reason a person reads in
 * the dead-letter table, so it names the value and what was expected.
 */
public final class ValueRejected extends Exception {
  private static final long serialVersionUID = 1L;

  public ValueRejected(String reason) {
    super(reason, null, false, false);
  }
}
