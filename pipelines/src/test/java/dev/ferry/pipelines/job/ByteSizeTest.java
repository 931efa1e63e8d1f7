package dev.ferry.pipelines.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void unitsArePowersOf1024() {
    assertEquals(128L << 20, ByteSize.parse("128MB"));
    assertEquals(128L << 20, ByteSize.parse("128 MiB"));
    assertEquals(1L << 30, ByteSize.parse("1g"));
    assertEquals(512L << 10, ByteSize.parse("512KB"));
    assertEquals(4096, ByteSize.parse("4096"));
  }

  @Test
  void notASizeOrTooLarge() {
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("big"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("-1MB"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("99999999999999GB"));
  }
}
