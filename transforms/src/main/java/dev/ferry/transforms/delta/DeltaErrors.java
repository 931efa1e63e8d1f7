package dev.ferry.transforms.delta;

import dev.ferry.schemas.SourceException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line failures of a Delta write or read: what could not be done, where, and why. */
final class DeltaErrors {

  private DeltaErrors() {}

  static SourceException cannotWrite(String tablePath, Throwable e) {
    return new SourceException("cannot write Delta table at " + tablePath + ": " + reason(e), e);
  }

  static SourceException cannotRead(String tablePath, Throwable e) {
    return new SourceException("cannot read Delta table at " + tablePath + ": " + reason(e), e);
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
    firstLine = firstLine.length() > 300 ? firstLine.substring(0, 297) + "..." : firstLine;
    if (isJson(e)) {
      // Only the transaction log is JSON: a file in _delta_log that is not a Delta commit.
      return "its _delta_log holds a file that is not a Delta commit ("
          + firstLine
          + "); this is not a Delta table ferry can add to: move the directory away or set"
          + " another target.path";
    }
    return firstLine;
  }

  /** Whether a JSON parser failed (the kernel shades Jackson): only the log is JSON. */
  private static boolean isJson(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getName().contains("com.fasterxml.jackson.core.")) {
        return true;
      }
    }
    return false;
  }
}
