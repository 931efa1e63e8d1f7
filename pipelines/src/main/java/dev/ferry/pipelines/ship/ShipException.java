package dev.ferry.pipelines.ship;

/** A ship attempt failed; the message is the one line that goes to the log and to the user. */
public class ShipException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ShipException(String message) {
    super(message);
  }
}
