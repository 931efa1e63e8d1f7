package dev.ferry.schemas.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class FilterBoundsTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void anInstantInUtcIsItsWallClockRoundedUpToMicroseconds() {
    assertEquals(
        LocalDateTime.parse("2026-11-20T10:00:00.000001"),
        FilterBounds.earliestWallClock(
            Instant.parse("2026-11-20T10:00:00.000000001Z"), ZoneOffset.UTC));
    assertEquals(
        LocalDateTime.parse("2026-11-20T10:00:00.000001"),
        FilterBounds.earliestWallClock(
            Instant.parse("2026-11-20T10:00:00.000001Z"), ZoneOffset.UTC));
  }

  @Test
  void theSecondPassOfARepeatedHourStartsAfterIt() {
    // 00:30 UTC is the first 02:30 in Berlin on 2026-10-25, 01:30 UTC the second
    assertEquals(
        LocalDateTime.parse("2026-10-25T02:30:00"),
        FilterBounds.earliestWallClock(Instant.parse("2026-10-25T00:30:00Z"), BERLIN));
    assertEquals(
        LocalDateTime.parse("2026-10-25T03:00:00"),
        FilterBounds.earliestWallClock(Instant.parse("2026-10-25T01:30:00Z"), BERLIN));
  }

  @Test
  void selectsExactlyTheWallClocksReadAtOrAfterTheBoundAroundBothChanges() {
    for (String day : new String[] {"2026-03-29", "2026-10-25"}) {
      LocalDateTime start = LocalDateTime.parse(day + "T00:00:00");
      for (int boundMinutes = 0; boundMinutes < 6 * 60; boundMinutes += 7) {
        Instant bound = start.toInstant(ZoneOffset.UTC).plusSeconds(boundMinutes * 60L);
        LocalDateTime threshold = FilterBounds.earliestWallClock(bound, BERLIN);
        for (int minute = 0; minute < 8 * 60; minute++) {
          LocalDateTime wallClock = start.plusMinutes(minute);
          if (BERLIN.getRules().getValidOffsets(wallClock).isEmpty()) {
            continue; // skipped wall clocks are rejected when read
          }
          boolean readAtOrAfter = !ZonedDateTime.of(wallClock, BERLIN).toInstant().isBefore(bound);
          assertEquals(
              readAtOrAfter, !wallClock.isBefore(threshold), wallClock + " against " + bound);
        }
      }
    }
  }

  @Test
  void wallClockBoundsRoundUpToMicroseconds() {
    assertEquals(
        LocalDateTime.parse("2026-11-20T10:00:00.000002"),
        FilterBounds.ceilMicros(LocalDateTime.parse("2026-11-20T10:00:00.000001001")));
    assertEquals(
        LocalDateTime.parse("2026-11-20T10:00:00.000001"),
        FilterBounds.ceilMicros(LocalDateTime.parse("2026-11-20T10:00:00.000001")));
  }
}
