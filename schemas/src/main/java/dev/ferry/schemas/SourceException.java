package dev.ferry.schemas;

/**
 * A source, target or runner failed: unreachable, refused, unreadable or unwritable. The message is
 * one line that names what failed and what to do; it never contains a secret.
 */
public class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
