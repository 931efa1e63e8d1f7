package dev.ferry.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An order-independent fingerprint of a table's rows: the row count and the sum (mod 2^64) of the
 * first 8 bytes of each row's SHA-256. Two readers that return the same rows in any order give the
 * same checksum, so a test can compare a source with what independent readers (Delta Kernel,
 * DuckDB, psql) read back without sorting or keys.
 *
 * <p>A row's hash covers only the columns the caller names (so ingest columns can be left out), as
 * {@code name=value} pairs sorted by name. Values are first {@link #normalize normalized}, then
 * written as canonical text: integers in decimal, decimals without trailing zeros, instants as
 * epoch microseconds, bytes as hex, null as a marker no text value equals.
 *
 * <pre>{@code
 * assertEquals(TableChecksum.of(expected, cols), TableChecksum.of(DuckDbReader.read(path), cols));
 * }</pre>
 */
public record TableChecksum(long count, long sum) {

  private static final String NULL = "\u0000null";

  /** The checksum of {@code rows} over {@code columns}; a row missing a named column fails. */
  public static TableChecksum of(List<Map<String, Object>> rows, Collection<String> columns) {
    List<String> names = new ArrayList<>(columns);
    names.sort(null);
    long sum = 0;
    for (Map<String, Object> row : rows) {
      sum += rowHash(row, names);
    }
    return new TableChecksum(rows.size(), sum);
  }

  /**
   * The value readers compare: any integer → Long, float → Double, LocalDateTime → Instant as UTC
   * and LocalTime → {@code HH:MM:SS.ffffff} text (both as ferry stores them in a lake), ByteBuffer
   * → byte[]; everything else unchanged.
   */
  public static Object normalize(Object v) {
    if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b.longValueExact();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    if (v instanceof LocalTime t) {
      return String.format(
          "%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
    }
    if (v instanceof ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return bytes;
    }
    return v;
  }

  /** The canonical text of one value, after {@link #normalize}. */
  public static String canonical(Object value) {
    Object v = normalize(value);
    if (v == null) {
      return NULL;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Instant t) {
      return Long.toString(
          Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
    }
    if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    }
    return v.toString();
  }

  private static long rowHash(Map<String, Object> row, List<String> names) {
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      if (!row.containsKey(name)) {
        throw new IllegalArgumentException(
            "row has no column '" + name + "'; it has " + row.keySet());
      }
      String value = canonical(row.get(name));
      // Length prefixes keep "a=b" + "c" apart from "a=bc".
      text.append(name.length()).append(':').append(name).append('=');
      text.append(value.length()).append(':').append(value).append('\n');
    }
    return ByteBuffer.wrap(sha256(text.toString())).getLong();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
