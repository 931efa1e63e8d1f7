package dev.ferry.pipelines.ship;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The log of ship attempts, one line each, appended: {@code YYYY-MM-DD,HH:MM:SS,message} in the
 * machine's local time (as cron runs it), the message on one line.
 */
public final class ShipLog {

  public static final String UPLOADED = "file successfully uploaded";
  public static final String NO_FILE = "there is no file to upload";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd,HH:mm:ss");

  private final Path file;

  public ShipLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Appends {@code time,message}; line breaks in the message become spaces. */
  public void append(ZonedDateTime time, String message) throws IOException {
    String line =
        STAMP.format(time) + "," + message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip() + "\n";
    Files.writeString(
        file,
        line,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }
}
