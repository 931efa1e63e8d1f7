package dev.ferry.pipelines.lakehouse;

import dev.ferry.schemas.SourceException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks before a run that the lake path can be written, so an unwritable path fails in one line
 * before any data moves instead of deep inside a worker.
 */
public final class LakePreflight {

  private LakePreflight() {}

  public static void checkWritable(String lakePath) {
    checkWritable(lakePath, "the lake");
  }

  /**
   * Checks that {@code lakePath}, a local directory ferry writes {@code what} into (e.g. "the
   * dump"), can be created and written; object store URLs are left to their writers.
   */
  public static void checkWritable(String lakePath, String what) {
    if (lakePath.contains("://")) {
      return; // object stores are checked by their writers
    }
    Path root = Path.of(lakePath);
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, ".ferry-probe", ".tmp");
      Files.delete(probe);
    } catch (FileSystemException e) {
      String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
      throw new SourceException(
          "cannot write to "
              + what
              + " at "
              + lakePath
              + ": "
              + (e.getFile() != null ? e.getFile() + ": " : "")
              + reason
              + " (check target.path and its permissions)");
    } catch (IOException e) {
      throw new SourceException(
          "cannot write to " + what + " at " + lakePath + ": " + e.getMessage());
    }
  }
}
