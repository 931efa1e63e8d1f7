package dev.ferry.schemas.sql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;

/**
 * Turns a {@link RowFilter} bound into the value a server compares its stored column with, so that
 * {@code stored >= b} holds exactly when the value ferry reads from it is {@code >= bound}: stored
 * values have microseconds, and a wall clock read as an instant depends on the zone's offsets.
 */
public final class FilterBounds {

  private static final long TWO_DAYS_MICROS = 2L * 24 * 3600 * 1_000_000;

  private FilterBounds() {}

  /**
   * The earliest wall clock (microseconds) that, read in {@code zone} as ferry reads it (a repeated
   * wall clock takes the earlier offset), is at or after {@code bound}. Since that reading never
   * goes back in time as the wall clock advances (see {@link #readAt}), {@code wallClock >= result}
   * selects exactly the wall clocks read at or after {@code bound}, daylight-saving changes
   * included. Found by bisection within two days of the bound's own wall clock, which no offset
   * change exceeds.
   */
  public static LocalDateTime earliestWallClock(Instant bound, ZoneId zone) {
    LocalDateTime guess = LocalDateTime.ofInstant(bound, zone).truncatedTo(ChronoUnit.MICROS);
    long before = -TWO_DAYS_MICROS; // read before bound
    long after = TWO_DAYS_MICROS; // read at or after bound
    while (after - before > 1) {
      long middle = before + (after - before) / 2;
      if (readAt(guess.plus(middle, ChronoUnit.MICROS), zone).isBefore(bound)) {
        before = middle;
      } else {
        after = middle;
      }
    }
    return guess.plus(after, ChronoUnit.MICROS);
  }

  /** The earliest microsecond wall clock at or after {@code bound}. */
  public static LocalDateTime ceilMicros(LocalDateTime bound) {
    LocalDateTime down = bound.truncatedTo(ChronoUnit.MICROS);
    return down.equals(bound) ? bound : down.plus(1, ChronoUnit.MICROS);
  }

  /**
   * The instant of {@code wallClock} in {@code zone}; for a wall clock skipped by a daylight-saving
   * change (which ferry rejects as a value) the instant of the change, so the reading stays in
   * order.
   */
  private static Instant readAt(LocalDateTime wallClock, ZoneId zone) {
    ZoneOffsetTransition gap = zone.getRules().getTransition(wallClock);
    if (gap != null && gap.isGap()) {
      return gap.getInstant();
    }
    return ZonedDateTime.of(wallClock, zone).toInstant();
  }
}
