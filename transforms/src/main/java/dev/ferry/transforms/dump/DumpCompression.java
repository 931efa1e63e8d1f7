package dev.ferry.transforms.dump;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a dump's data shards are compressed. gzip by default: every machine can read it back ({@code
 * gzip -dc} in {@code restore.sql}), and COPY text shrinks to a fraction.
 */
public enum DumpCompression {
  GZIP(".gz"),
  NONE("");

  private static final int BUFFER = 1 << 16;

  private final String suffix;

  DumpCompression(String suffix) {
    this.suffix = suffix;
  }

  /** What a shard's name ends with: {@code .copy.gz}, or {@code .copy} uncompressed. */
  public String shardSuffix() {
    return ".copy" + suffix;
  }

  /** The suffix of a JSON lines file of rejected rows. */
  public String linesSuffix() {
    return ".jsonl" + suffix;
  }

  /** gzip's own default level, the one {@code pg_dump -Fc} uses too. */
  public static final int DEFAULT_LEVEL = 6;

  /** Compresses what is written to the returned stream into {@code out}, at the default level. */
  public OutputStream compress(OutputStream out) throws IOException {
    return compress(out, DEFAULT_LEVEL);
  }

  /**
   * Compresses what is written to the returned stream into {@code out}.
   *
   * @param level 1 (fastest) to 9 (smallest); ignored without compression
   */
  public OutputStream compress(OutputStream out, int level) throws IOException {
    return switch (this) {
      case GZIP ->
          new GZIPOutputStream(out, BUFFER) {
            {
              def.setLevel(level);
            }
          };
      case NONE -> out;
    };
  }

  /** Reads {@code in} decompressed. */
  public InputStream decompress(InputStream in) throws IOException {
    return switch (this) {
      case GZIP -> new GZIPInputStream(in, BUFFER);
      case NONE -> new BufferedInputStream(in, BUFFER);
    };
  }

  /** The shell command {@code restore.sql} reads a shard with, or null to read the file itself. */
  public String readCommand() {
    return switch (this) {
      case GZIP -> "gzip -dc";
      case NONE -> null;
    };
  }
}
