package dev.ferry.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code NAME='value'} lines for a shell to source ({@code set -a; . FILE; set +a}), written for
 * {@link DemoServers}. The file holds a password: it is created with mode 600 and appears under its
 * name only when complete (written beside it, then renamed), so a script can wait for it to exist.
 */
final class EnvFile {

  private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private EnvFile() {}

  /** Writes {@code values} in their order, replacing {@code file}. */
  static void write(Path file, Map<String, String> values) {
    StringBuilder text = new StringBuilder("# written by dev.ferry.testkit.DemoServers\n");
    values.forEach(
        (name, value) -> {
          if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an environment variable name: " + name);
          }
          text.append(name).append('=').append(quote(value)).append('\n');
        });
    Path absolute = file.toAbsolutePath();
    Path partial = null;
    try {
      partial =
          Files.createTempFile(
              absolute.getParent(),
              "." + absolute.getFileName(),
              ".partial",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(partial, text, StandardCharsets.UTF_8);
      Files.move(
          partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write the env file: " + e.getMessage(), e);
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // Best effort: the rename normally took it away already.
        }
      }
    }
  }

  /** POSIX shell single quotes: nothing inside is expanded; a quote is {@code '\''}. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
