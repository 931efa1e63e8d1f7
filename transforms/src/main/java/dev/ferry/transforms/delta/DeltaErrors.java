package dev.ferry.transforms.delta;

import dev.ferry.schemas.SourceException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line failures of a Delta write: what could not be written, where, and why. */
final class DeltaErrors {

  private DeltaErrors() {}

  static SourceException cannotWrite(String tablePath, Throwable e) {
    return new SourceException("cannot write Delta table at " + tablePath + ": " + reason(e), e);
  }

  /** The innermost cause, put in words a person can act on; first line only. */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof FileSystemException f) {
      String where = f.getFile() == null ? "" : " (" + f.getFile() + ")";
      if (root instanceof AccessDeniedException) {
        return "permission denied" + where;
      } else if (root instanceof FileAlreadyExistsException
          || root instanceof NotDirectoryException) {
        return "a file is in the way of a directory" + where;
      } else if (root instanceof NoSuchFileException) {
        return "no such file or directory" + where;
      }
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    String firstLine = message.strip().lines().findFirst().orElse("");
    return firstLine.length() > 300 ? firstLine.substring(0, 297) + "..." : firstLine;
  }
}
