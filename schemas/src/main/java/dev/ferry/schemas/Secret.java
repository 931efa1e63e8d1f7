package dev.ferry.schemas;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A password that travels with a serialized transform to the workers but never shows up in {@code
 * toString()}, display data, logs or exception messages: only {@link #reveal()} hands it out, and
 * only the code that opens a connection calls it.
 */
public final class Secret implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final String MASK = "****";

  private final String value;

  private Secret(String value) {
    this.value = value == null ? "" : value;
  }

  /** Wraps {@code value}; {@code null} is the empty secret (log in without a password). */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself, for the one place that needs it: the driver's connection properties. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return MASK;
  }
}
