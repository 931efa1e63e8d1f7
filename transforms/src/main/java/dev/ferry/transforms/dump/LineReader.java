package dev.ferry.transforms.dump;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines ending with {@code \n}, handing each out as a slice of one reused
 * buffer: COPY text escapes line breaks inside values, so a line is a row, and no per-line array is
 * made. A last line without its {@code \n} is reported as such, since a shard never ends that way
 * unless it was cut.
 */
final class LineReader {

  /** Receives one line: {@code buffer[offset, offset + length)}, without the line end. */
  interface Lines {
    void line(byte[] buffer, int offset, int length) throws IOException;
  }

  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int start;
  private int end;

  LineReader(InputStream in) {
    this.in = in;
  }

  /**
   * Hands every line to {@code lines}.
   *
   * @return the number of bytes of an unterminated last line (0 when the stream ends with {@code
   *     \n} or is empty)
   */
  long forEach(Lines lines) throws IOException {
    int scan = 0;
    while (true) {
      int nl = -1;
      for (int i = start + scan; i < end; i++) {
        if (buffer[i] == '\n') {
          nl = i;
          break;
        }
      }
      if (nl >= 0) {
        lines.line(buffer, start, nl - start);
        start = nl + 1;
        scan = 0;
        continue;
      }
      scan = end - start;
      if (!fill()) {
        return end - start;
      }
    }
  }

  /** Reads more, moving or growing the buffer as needed; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    int n = in.read(buffer, end, buffer.length - end);
    if (n < 0) {
      return false;
    }
    end += n;
    return true;
  }
}
