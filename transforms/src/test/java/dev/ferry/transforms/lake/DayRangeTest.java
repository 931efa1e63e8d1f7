package dev.ferry.transforms.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.transforms.delta.PartitionSet;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DayRangeTest {

  private final DayRange november =
      new DayRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));

  @Test
  void bothEndsAreIn() {
    assertTrue(november.contains(LocalDate.of(2026, 11, 1)));
    assertTrue(november.contains(LocalDate.of(2026, 11, 30)));
    assertFalse(november.contains(LocalDate.of(2026, 12, 1)));
    assertFalse(november.contains(LocalDate.of(2026, 10, 31)));
    assertEquals(LocalDate.of(2026, 12, 1), november.end());
  }

  @Test
  void partitionsAreTheDaysWhateverTheColumnNames() {
    PartitionSet days = november.partitions(List.of("_year", "_month", "_day"));
    assertTrue(days.contains(Map.of("_year", "2026", "_month", "11", "_day", "30")));
    assertFalse(days.contains(Map.of("_year", "2026", "_month", "12", "_day", "1")));
    assertFalse(days.contains(Map.of("year", "2026", "month", "11", "day", "2")), "other names");
    Map<String, String> nullPartition = new HashMap<>();
    nullPartition.put("_year", null);
    nullPartition.put("_month", null);
    nullPartition.put("_day", null);
    assertFalse(days.contains(nullPartition), "the null partition is never in a range");
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new DayRange(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 1)));
  }
}
