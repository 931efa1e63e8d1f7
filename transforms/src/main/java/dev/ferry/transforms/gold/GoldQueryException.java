package dev.ferry.transforms.gold;

/**
 * A gold table's SQL cannot run or its result cannot be stored. The message is one line that names
 * the gold table and the reason (Calcite's, for a query it rejects).
 */
public class GoldQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GoldQueryException(String message) {
    super(message);
  }

  public GoldQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
