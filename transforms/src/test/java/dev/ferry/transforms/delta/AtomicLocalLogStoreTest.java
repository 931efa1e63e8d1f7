package dev.ferry.transforms.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicLocalLogStoreTest {

  @TempDir Path tmp;

  @Test
  void secondWriterOfAVersionLosesAndTheFirstFileStays() throws Exception {
    AtomicLocalLogStore store = new AtomicLocalLogStore(new Configuration());
    Path file = tmp.resolve("_delta_log/00000000000000000001.json");
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
    store.write(path, List.of("{\"a\":1}").iterator(), false, new Configuration());
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () -> store.write(path, List.of("{\"b\":2}").iterator(), false, new Configuration()));
    assertEquals(path.toString(), e.getFile());
    assertEquals(List.of("{\"a\":1}"), Files.readAllLines(file));
    // No temp files or checksums left behind.
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void overwriteReplaces() throws Exception {
    AtomicLocalLogStore store = new AtomicLocalLogStore(new Configuration());
    Path file = tmp.resolve("_delta_log/_last_checkpoint");
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
    store.write(path, List.of("1").iterator(), false, new Configuration());
    store.write(path, List.of("2").iterator(), true, new Configuration());
    assertEquals(List.of("2"), Files.readAllLines(file));
  }
}
