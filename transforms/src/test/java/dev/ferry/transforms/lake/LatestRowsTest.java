package dev.ferry.transforms.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestRowsTest {

  private static final Instant MONDAY = Instant.parse("2026-11-16T08:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-11-17T08:00:00Z");

  @Test
  void theHighestCursorWinsWhateverTheIngestOrder() {
    LatestRows latest = new LatestRows();
    latest.offer(1L, 30L, MONDAY, 0, 0); // updated later at the source, ingested first
    latest.offer(1L, 20L, TUESDAY, 1, 0);
    latest.offer(2L, 5L, MONDAY, 0, 1);
    latest.decide();
    assertTrue(latest.keeps(0, 0));
    assertFalse(latest.keeps(1, 0));
    assertTrue(latest.keeps(0, 1));
    assertEquals(1, latest.superseded());
  }

  @Test
  void withoutACursorTheLatestIngestWins() {
    LatestRows latest = new LatestRows();
    latest.offer("a", null, MONDAY, 0, 0);
    latest.offer("a", null, TUESDAY, 1, 3);
    latest.decide();
    assertFalse(latest.keeps(0, 0));
    assertTrue(latest.keeps(1, 3));
  }

  @Test
  void aNullCursorLosesToAnyValue() {
    LatestRows latest = new LatestRows();
    latest.offer(7L, null, TUESDAY, 1, 0);
    latest.offer(7L, 1L, MONDAY, 0, 0);
    latest.decide();
    assertTrue(latest.keeps(0, 0));
    assertFalse(latest.keeps(1, 0));
  }

  @Test
  void fullTiesGoToTheLaterFileAndRowSoReRunsPickTheSameRow() {
    for (int order = 0; order < 2; order++) {
      LatestRows latest = new LatestRows();
      if (order == 0) {
        latest.offer(1L, 1L, MONDAY, 0, 4);
        latest.offer(1L, 1L, MONDAY, 0, 9);
      } else {
        latest.offer(1L, 1L, MONDAY, 0, 9);
        latest.offer(1L, 1L, MONDAY, 0, 4);
      }
      latest.decide();
      assertTrue(latest.keeps(0, 9), "order " + order);
      assertFalse(latest.keeps(0, 4), "order " + order);
    }
  }

  @Test
  void compositeAndBinaryKeysCompareByValue() {
    LatestRows latest = new LatestRows();
    latest.offer(LatestRows.key(List.of(1L, 2)), null, MONDAY, 0, 0);
    latest.offer(LatestRows.key(List.of(1L, 2)), null, TUESDAY, 0, 1);
    latest.offer(LatestRows.key(List.of(1L, 3)), null, MONDAY, 0, 2);
    latest.offer(ByteBuffer.wrap(new byte[] {1, 2}), null, MONDAY, 1, 0);
    latest.offer(ByteBuffer.wrap(new byte[] {1, 2}), null, TUESDAY, 1, 1);
    latest.decide();
    assertFalse(latest.keeps(0, 0));
    assertTrue(latest.keeps(0, 1));
    assertTrue(latest.keeps(0, 2));
    assertFalse(latest.keeps(1, 0));
    assertTrue(latest.keeps(1, 1));
    assertEquals(2, latest.superseded());
  }
}
