package dev.ferry.transforms.dump;

import dev.ferry.transforms.read.KeyRange;
import java.nio.charset.StandardCharsets;

/**
 * Names inside a dump directory. A table's shards lie in {@code data/<table>/}, the name
 * percent-encoded outside {@code A-Z a-z 0-9 _ -} so any table name is one safe path segment (and a
 * safe word in the shell command {@code restore.sql} runs); a shard is named after its key range,
 * so a retried range writes the same file again rather than a second one.
 */
public final class DumpPaths {

  public static final String SCHEMA = "schema.sql";
  public static final String RESTORE = "restore.sql";
  public static final String CHECKSUMS = "SHA256SUMS";
  public static final String MANIFEST = "manifest.json";
  public static final String RESTORED = "restored.json";
  public static final String DATA = "data";
  public static final String REJECTED = "rejected";

  private DumpPaths() {}

  /** {@code dir/relative}, for a directory given as a local path or a URL, with or without '/'. */
  public static String resolve(String dir, String relative) {
    return dir.endsWith("/") ? dir + relative : dir + "/" + relative;
  }

  /** {@code data/<encoded table>}: the directory of {@code table}'s shards. */
  public static String tableDirectory(String table) {
    return DATA + "/" + encode(table);
  }

  /**
   * The shard {@code sequence} of {@code range}: {@code whole-000}, or {@code <from>_<to>-000} with
   * a negative bound spelt {@code n5} for -5.
   */
  public static String shard(
      String table, KeyRange range, int sequence, DumpCompression compression) {
    String name = range.wholeTable() ? "whole" : bound(range.from()) + "_" + bound(range.to());
    return tableDirectory(table)
        + "/"
        + name
        + "-"
        + String.format(java.util.Locale.ROOT, "%03d", sequence)
        + compression.shardSuffix();
  }

  private static String bound(long value) {
    return value < 0 ? "n" + Long.toString(value).substring(1) : Long.toString(value);
  }

  static String encode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (safe) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(java.util.Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }
}
