package dev.ferry.transforms.delta;

import static dev.ferry.transforms.delta.DeltaTestTable.day;
import static dev.ferry.transforms.delta.DeltaTestTable.ids;
import static dev.ferry.transforms.delta.DeltaTestTable.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.DeltaKernelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaVacuumTest {

  @TempDir Path tmp;

  @Test
  void deletesOnlyUnreferencedFilesOlderThanTheRetention() throws IOException {
    DeltaTestTable t = new DeltaTestTable(tmp.resolve("events").toString());
    List<DeltaFile> v0 = new ArrayList<>(t.files(1, 1, 2));
    List<DeltaFile> oldDay2 = t.files(2, 3, 4);
    v0.addAll(oldDay2);
    t.committer().append(v0);
    t.committer().replace(PartitionSet.of(List.of(day(2))), t.files(2, 30, 31));
    List<DeltaFile> orphan = t.files(3, 9, 9); // a failed run's file, never committed
    Instant now = Instant.now();
    // Every data file is ten days old; one more orphan is being written right now.
    try (Stream<Path> files = Files.walk(Path.of(t.path))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        Files.setLastModifiedTime(f, FileTime.from(now.minus(Duration.ofDays(10))));
      }
    }
    List<DeltaFile> inFlight = t.files(3, 8, 8);
    List<String> log = logFiles(t);

    DeltaVacuum vacuum = DeltaVacuum.of(t.path).retention(Duration.ofDays(7));
    // Today: the replaced day-2 files were removed just now, so time travel still needs them.
    assertEquals(List.of(orphan.get(0).path()), vacuum.clock(at(now)).run());
    assertFalse(Files.exists(Path.of(orphan.get(0).location())));
    assertTrue(Files.exists(Path.of(inFlight.get(0).location())));
    assertEquals(
        List.of(3L, 4L), ids(DeltaTestTable.rowsOfDay(DeltaKernelReader.atVersion(t.path, 0), 2)));

    // Eight days later the removal is past the retention: those files go too.
    List<String> later = vacuum.clock(at(now.plus(Duration.ofDays(8)))).run();
    List<String> expected = new ArrayList<>(oldDay2.stream().map(DeltaFile::path).toList());
    expected.add(inFlight.get(0).path());
    expected.sort(null);
    assertEquals(expected, later);
    assertEquals(List.of(1L, 2L, 30L, 31L), ids(rows(DeltaKernelReader.latest(t.path))));
    assertEquals(log, logFiles(t), "the log is never touched");
    // Nothing left to do.
    assertEquals(List.of(), vacuum.clock(at(now.plus(Duration.ofDays(8)))).run());
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static List<String> logFiles(DeltaTestTable t) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(t.path, "_delta_log"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
