package dev.ferry.transforms.postgres;

import java.io.Serializable;
import java.time.Duration;

/**
 * How often a transaction that failed for a passing reason (connection lost, server restarting,
 * deadlock) is tried again, and how long to wait in between: {@code initialBackoff}, doubled on
 * each retry up to {@code maxBackoff}.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff)
    implements Serializable {

  /** Five retries over about 30 seconds: rides out a server restart or a failover. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(16));

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max, got " + initialBackoff + ", " + maxBackoff);
    }
  }

  /** The wait before retry number {@code retry} (1-based). */
  Duration backoff(int retry) {
    Duration wait = initialBackoff;
    for (int i = 1; i < retry && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
