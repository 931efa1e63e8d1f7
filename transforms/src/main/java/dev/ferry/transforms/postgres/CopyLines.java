package dev.ferry.transforms.postgres;

import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Hands COPY lines to the driver in chunks rather than one call per row: each line (plus an
 * optional suffix such as a staging ordinal) is gathered into a buffer that goes out when full. A
 * line larger than the buffer goes to the driver as it is.
 */
final class CopyLines {

  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] NONE = new byte[0];

  private final CopyIn copy;
  private final byte[] chunk;
  private int used;
  private long bytes;

  CopyLines(CopyIn copy, byte[] chunk) {
    this.copy = copy;
    this.chunk = chunk;
  }

  void add(byte[] line) throws SQLException {
    add(line, NONE);
  }

  /** Adds {@code line}, then {@code suffix}, then the line end. */
  void add(byte[] line, byte[] suffix) throws SQLException {
    int length = line.length + suffix.length + 1;
    if (used + length > chunk.length) {
      flush();
    }
    if (length > chunk.length) {
      copy.writeToCopy(line, 0, line.length);
      copy.writeToCopy(suffix, 0, suffix.length);
      copy.writeToCopy(NEWLINE, 0, 1);
      bytes += length;
      return;
    }
    System.arraycopy(line, 0, chunk, used, line.length);
    System.arraycopy(suffix, 0, chunk, used + line.length, suffix.length);
    chunk[used + length - 1] = '\n';
    used += length;
  }

  /** Sends what is gathered; returns every byte sent so far. */
  long flush() throws SQLException {
    if (used > 0) {
      copy.writeToCopy(chunk, 0, used);
      bytes += used;
      used = 0;
    }
    return bytes;
  }
}
