package dev.ferry.transforms.verify;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.values.Row;

/**
 * The one canonical byte encoding of a typed row, which chunk digests hash: equal values give equal
 * bytes whichever side of a migration read them, so a source and its target compare after ferry's
 * type mapping rather than by their drivers' spellings.
 *
 * <pre>{@code
 * CanonicalRow canonical = CanonicalRow.of(reader.table().columns());
 * byte[] bytes = canonical.encode(row);
 * }</pre>
 *
 * <p>Columns are encoded by <b>position</b>, in the order of the columns given (the reader's, which
 * is the inventory's): a target created by ferry keeps the source's order and may rename columns
 * (case, reserved words), so position is what stays aligned. Each value is a one-byte tag followed
 * by its payload; variable-length payloads carry their length, so the encoding is prefix-free and
 * two rows are equal exactly when their bytes are. Per kind:
 *
 * <ul>
 *   <li>NULL: tag 0 and nothing else, so NULL differs from {@code ""}, {@code 0} and empty bytes;
 *   <li>smallint, int, bigint: one integer family, 8 bytes, so an int read back from a bigint
 *       column (SQLite's INTEGER is a bigint) is equal;
 *   <li>real, double: one float family, the value widened to a double (NaN canonical);
 *   <li>decimal: by value, trailing zeros stripped ({@code 1.5} equals {@code 1.50}, whatever scale
 *       either column gives it): scale, then the unscaled digits' two's complement bytes;
 *   <li>text: UTF-8; UUID: its text lower-cased;
 *   <li>a column of a kept PostgreSQL array type ({@code text[]}): {@link CanonicalArray}'s form,
 *       so PostgreSQL's output with fewer quotes is equal;
 *   <li>JSON: {@link CanonicalJson}'s form (keys sorted, no spaces, numbers by value), so a {@code
 *       jsonb} column's rewrite of the source's text is equal; text that is not JSON as is;
 *   <li>bytes: raw;
 *   <li>date: epoch day; time: micros of the day; timestamp: epoch micros of the instant;
 *       timestamp_local: epoch micros of the wall clock read as UTC, under its own tag.
 * </ul>
 *
 * <p>Not thread-safe: it reuses one buffer. Make one per worker thread.
 */
public final class CanonicalRow {

  static final byte NULL = 0;
  static final byte BOOLEAN = 1;
  static final byte INTEGER = 2;
  static final byte FLOAT = 3;
  static final byte DECIMAL = 4;
  static final byte TEXT = 5;
  static final byte BYTES = 6;
  static final byte DATE = 7;
  static final byte TIME = 8;
  static final byte TIMESTAMP = 9;
  static final byte TIMESTAMP_LOCAL = 10;

  /** Writes one non-null value of a column in its canonical form. */
  @FunctionalInterface
  private interface Encoder {
    void write(CanonicalRow out, Object value);
  }

  /**
   * One small encoder per column, chosen once: the JIT compiles each alone instead of one method
   * that inlines every kind's encoding (JSON's among them), which cost seconds of compile time.
   */
  private final Encoder[] encoders;

  private byte[] buffer = new byte[256];
  private int length;
  private final StringBuilder json = new StringBuilder(256);

  private CanonicalRow(Encoder[] encoders) {
    this.encoders = encoders;
  }

  /** An encoder for rows of {@code columns}, by their kinds (and kept array types). */
  public static CanonicalRow of(List<Column> columns) {
    return new CanonicalRow(columns.stream().map(CanonicalRow::encoder).toArray(Encoder[]::new));
  }

  private static Encoder encoder(Column column) {
    Encoder byKind = encoder(column.type().kind());
    String pg = column.pgType();
    if (pg == null || !pg.endsWith("[]")) {
      return byKind;
    }
    return (out, v) -> {
      if (v instanceof String text) {
        out.tag(TEXT);
        out.putText(CanonicalArray.of(text));
      } else {
        byKind.write(out, v);
      }
    };
  }

  private static Encoder encoder(Kind kind) {
    return switch (kind) {
      case BOOLEAN ->
          (out, v) -> {
            out.tag(BOOLEAN);
            out.put((byte) (((Boolean) v) ? 1 : 0));
          };
      case INT16, INT32, INT64 ->
          (out, v) -> {
            out.tag(INTEGER);
            out.putLong(((Number) v).longValue());
          };
      case FLOAT32, FLOAT64 ->
          (out, v) -> {
            out.tag(FLOAT);
            out.putLong(Double.doubleToLongBits(((Number) v).doubleValue()));
          };
      case DECIMAL ->
          (out, v) -> {
            BigDecimal d = ((BigDecimal) v).stripTrailingZeros();
            out.tag(DECIMAL);
            out.putInt(d.scale());
            out.putSized(d.unscaledValue().toByteArray());
          };
      case STRING ->
          (out, v) -> {
            out.tag(TEXT);
            out.putText((String) v);
          };
      case JSON ->
          (out, v) -> {
            out.tag(TEXT);
            out.json.setLength(0);
            out.putText(CanonicalJson.append((String) v, out.json));
          };
      case UUID ->
          (out, v) -> {
            out.tag(TEXT);
            out.putText(((String) v).toLowerCase(Locale.ROOT));
          };
      case BYTES ->
          (out, v) -> {
            out.tag(BYTES);
            out.putSized((byte[]) v);
          };
      case DATE ->
          (out, v) -> {
            out.tag(DATE);
            out.putLong(((LocalDate) v).toEpochDay());
          };
      case TIME ->
          (out, v) -> {
            out.tag(TIME);
            out.putLong(((LocalTime) v).toNanoOfDay() / 1_000);
          };
      case TIMESTAMP ->
          (out, v) -> {
            out.tag(TIMESTAMP);
            out.putLong(micros((Instant) v));
          };
      case TIMESTAMP_LOCAL ->
          (out, v) -> {
            out.tag(TIMESTAMP_LOCAL);
            out.putLong(micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC)));
          };
    };
  }

  /** The canonical bytes of {@code row}, a new array. */
  public byte[] encode(Row row) {
    write(row);
    return Arrays.copyOf(buffer, length);
  }

  /**
   * Encodes {@code row} into the reused buffer: valid until the next call, {@link #length()} bytes
   * from the start of {@link #buffer()}.
   *
   * @throws IllegalArgumentException when the row has another number of fields than columns
   */
  void write(Row row) {
    if (row.getFieldCount() != encoders.length) {
      throw new IllegalArgumentException(
          "a row of " + row.getFieldCount() + " values for " + encoders.length + " columns");
    }
    length = 0;
    for (int i = 0; i < encoders.length; i++) {
      value(i, row.getValue(i));
    }
  }

  /**
   * The canonical bytes of one value of column {@code column}: a row's columns compared one by one
   * (which columns of a key differ) use the same encoding as its digest.
   */
  public byte[] encodeValue(int column, Object value) {
    length = 0;
    value(column, value);
    return Arrays.copyOf(buffer, length);
  }

  /** The number of columns this encoder was made for. */
  public int columns() {
    return encoders.length;
  }

  byte[] buffer() {
    return buffer;
  }

  int length() {
    return length;
  }

  private void value(int column, Object v) {
    if (v == null) {
      tag(NULL);
    } else {
      encoders[column].write(this, v);
    }
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private void tag(byte tag) {
    put(tag);
  }

  private void put(byte b) {
    room(1);
    buffer[length++] = b;
  }

  private void putInt(int v) {
    room(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (v >>> shift);
    }
  }

  private void putLong(long v) {
    room(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (v >>> shift);
    }
  }

  private void putSized(byte[] bytes) {
    putInt(bytes.length);
    room(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  /**
   * Text as its UTF-8 bytes, sized, encoded straight into the buffer: the bytes {@link
   * String#getBytes} gives, a lone surrogate as {@code ?} as it does, without an array in between.
   */
  private void putText(CharSequence text) {
    int n = text.length();
    room(4 + 3 * n);
    int sizeAt = length;
    int at = length + 4;
    byte[] b = buffer;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        b[at++] = (byte) c;
      } else if (c < 0x800) {
        b[at++] = (byte) (0xc0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        b[at++] = (byte) (0xf0 | (cp >> 18));
        b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        b[at++] = '?';
      } else {
        b[at++] = (byte) (0xe0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    int size = at - sizeAt - 4;
    for (int shift = 24; shift >= 0; shift -= 8) {
      b[sizeAt++] = (byte) (size >>> shift);
    }
    length = at;
  }

  private void room(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
