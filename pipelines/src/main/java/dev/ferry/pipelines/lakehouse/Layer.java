package dev.ferry.pipelines.lakehouse;

import java.util.Locale;

/**
 * The layers of a lakehouse, in the order a run builds them: each is built from the one before, so
 * {@code --layers silver,gold} rebuilds those two from the bronze already there.
 */
public enum Layer {
  /** The source's rows as read, typed, with ingest columns: every run's rows, kept. */
  BRONZE,
  /** Bronze normalized, validated and deduplicated: each key's latest row. */
  SILVER,
  /** The job's SQL over silver. */
  GOLD;

  public String lakeName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
