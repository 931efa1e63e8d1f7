package dev.ferry.transforms.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.ValueRejected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The inverse of {@link CopyText}: one line of PostgreSQL's COPY text format back into the Beam
 * values of a row, so a dump ferry wrote restores value for value ({@code parse(encode(values))}
 * equals {@code values}, decimals with their scale, times to the microsecond).
 *
 * <p>Escapes follow the server's rules rather than only what {@link CopyText} writes, so a line
 * from {@code COPY ... TO} reads too: {@code \b \f \n \r \t \v}, octal {@code \NNN}, hex {@code
 * \xHH}, any other backslash and character is that character. They are decoded to bytes first and
 * the bytes then read as UTF-8, as the server does, so escaped bytes of one character still make
 * that character and a field that is not UTF-8 is refused rather than garbled.
 *
 * <p>Millions of lines go through one restore, so a line is read from its bytes in place: one pass
 * finds the fields, only fields with a backslash are copied (into a reused buffer), numbers and
 * times are read digit by digit. Not thread-safe: one per DoFn instance.
 */
public final class CopyTextParser {

  /** How much of an offending value a message shows. */
  private static final int SHOWN = 60;

  private final List<Column> columns;
  private final Kind[] kinds;
  private final int[] starts;
  private final int[] ends;
  private final boolean[] escaped;
  private byte[] unescaped = new byte[256];
  private char[] digits = new char[64];

  /** Reading the position within a date or time field; only valid during one call. */
  private final CopyDateTimes dateTimes = new CopyDateTimes();

  public CopyTextParser(List<Column> columns) {
    this.columns = List.copyOf(columns);
    this.kinds = columns.stream().map(c -> c.type().kind()).toArray(Kind[]::new);
    this.starts = new int[kinds.length];
    this.ends = new int[kinds.length];
    this.escaped = new boolean[kinds.length];
  }

  /** The values of {@code line}, a COPY line without its line end. */
  public List<Object> parse(String line) throws ValueRejected {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return parse(bytes, 0, bytes.length);
  }

  /**
   * The values of the COPY line in {@code line[offset, offset + length)}, UTF-8 without its line
   * end, in column order and in the Java types a {@link org.apache.beam.sdk.values.Row} of {@link
   * dev.ferry.schemas.convert.BeamSchemas#of} holds. The list is new and may hold nulls.
   *
   * @throws ValueRejected naming the column and the text when the line has the wrong number of
   *     fields, or a field is not valid UTF-8 or not a value of its column's type
   */
  public List<Object> parse(byte[] line, int offset, int length) throws ValueRejected {
    Objects.checkFromIndexSize(offset, length, line.length);
    int end = offset + length;
    split(line, offset, end);
    Object[] values = new Object[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      int start = starts[i];
      int size = ends[i] - start;
      // NULL is the raw field, before unescaping: "\\N" is the text \N.
      if (size == 2 && line[start] == '\\' && line[start + 1] == 'N') {
        continue;
      }
      if (escaped[i]) {
        int n = unescape(line, start, ends[i]); // may grow the buffer: read the field after
        values[i] = value(i, unescaped, 0, n);
      } else {
        values[i] = value(i, line, start, size);
      }
    }
    return Arrays.asList(values);
  }

  /** Finds the fields: starts, ends and whether each holds a backslash. */
  private void split(byte[] line, int from, int end) throws ValueRejected {
    int field = 0;
    int start = from;
    boolean backslash = false;
    for (int p = from; p < end; p++) {
      byte b = line[p];
      if (b == '\\') {
        if (++p == end) {
          if (kinds.length == 0) {
            throw wrongFieldCount(line, from, end);
          }
          throw new ValueRejected(
              name(field)
                  + ": the line ends in a lone backslash, as if cut short: "
                  + shown(line, from, end - from));
        }
        backslash = true;
      } else if (b == '\t') {
        if (field >= kinds.length - 1) {
          throw wrongFieldCount(line, from, end);
        }
        starts[field] = start;
        ends[field] = p;
        escaped[field] = backslash;
        field++;
        start = p + 1;
        backslash = false;
      }
    }
    if (kinds.length == 0) {
      if (end > from) {
        throw wrongFieldCount(line, from, end);
      }
      return;
    }
    if (field != kinds.length - 1) {
      throw wrongFieldCount(line, from, end);
    }
    starts[field] = start;
    ends[field] = end;
    escaped[field] = backslash;
  }

  private ValueRejected wrongFieldCount(byte[] line, int from, int end) {
    int fields = 1;
    for (int p = from; p < end; p++) {
      if (line[p] == '\\') {
        p++;
      } else if (line[p] == '\t') {
        fields++;
      }
    }
    String counted = "the line has " + fields + " fields for " + kinds.length + " columns: ";
    if (fields < kinds.length) {
      return new ValueRejected(
          name(fields) + ": missing, " + counted + shown(line, from, end - from));
    }
    String last = kinds.length == 0 ? "(no columns)" : name(kinds.length - 1);
    return new ValueRejected(
        last + ": extra data after the last column, " + counted + shown(line, from, end - from));
  }

  /** Decodes the escapes of {@code line[p, end)} into {@link #unescaped}; returns the length. */
  private int unescape(byte[] line, int p, int end) {
    // Decoding never lengthens a field.
    if (unescaped.length < end - p) {
      unescaped = new byte[Math.max(end - p, unescaped.length * 2)];
    }
    byte[] out = unescaped;
    int n = 0;
    while (p < end) {
      byte b = line[p++];
      if (b != '\\') {
        out[n++] = b;
        continue;
      }
      // split() has made sure a backslash is never last.
      int c = line[p++];
      switch (c) {
        case 'b' -> out[n++] = '\b';
        case 'f' -> out[n++] = '\f';
        case 'n' -> out[n++] = '\n';
        case 'r' -> out[n++] = '\r';
        case 't' -> out[n++] = '\t';
        case 'v' -> out[n++] = 0x0b;
        case 'x' -> {
          int high = p < end ? hexDigit(line[p]) : -1;
          if (high < 0) {
            out[n++] = 'x'; // "\x" without a hex digit is an x, as the server reads it
          } else {
            p++;
            int low = p < end ? hexDigit(line[p]) : -1;
            if (low >= 0) {
              p++;
              high = high << 4 | low;
            }
            out[n++] = (byte) high;
          }
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int value = c - '0';
          for (int k = 0; k < 2 && p < end && line[p] >= '0' && line[p] <= '7'; k++) {
            value = value << 3 | (line[p++] - '0');
          }
          out[n++] = (byte) value; // \777 keeps the low byte, like the server
        }
        default -> out[n++] = (byte) c;
      }
    }
    return n;
  }

  private Object value(int i, byte[] b, int off, int len) throws ValueRejected {
    return switch (kinds[i]) {
      case BOOLEAN -> bool(i, b, off, len);
      case INT16 -> (short) integer(i, b, off, len, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
      case INT32 -> (int) integer(i, b, off, len, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
      case INT64 -> integer(i, b, off, len, Long.MIN_VALUE, Long.MAX_VALUE, "bigint");
      case FLOAT32 -> {
        String numeral = numeral(b, off, len);
        if (numeral == null) {
          yield (float) special(i, b, off, len);
        }
        // Float.toString's digits name one float: read them as a float, not rounded twice.
        float f;
        try {
          f = Float.parseFloat(numeral);
        } catch (NumberFormatException e) {
          throw rejected(i, b, off, len, "is not a number");
        }
        if (Float.isInfinite(f)) {
          throw rejected(i, b, off, len, "is out of range for real");
        }
        yield f;
      }
      case FLOAT64 -> {
        String numeral = numeral(b, off, len);
        if (numeral == null) {
          yield special(i, b, off, len);
        }
        double d;
        try {
          d = Double.parseDouble(numeral);
        } catch (NumberFormatException e) {
          throw rejected(i, b, off, len, "is not a number");
        }
        if (Double.isInfinite(d)) {
          throw rejected(i, b, off, len, "is out of range for double precision");
        }
        yield d;
      }
      case DECIMAL -> decimal(i, b, off, len);
      case STRING, JSON, UUID -> text(i, b, off, len);
      case BYTES -> bytes(i, b, off, len);
      case DATE -> date(i, b, off, len);
      case TIME -> time(i, b, off, len);
      case TIMESTAMP -> timestamp(i, b, off, len, true);
      case TIMESTAMP_LOCAL -> timestamp(i, b, off, len, false);
    };
  }

  private Boolean bool(int i, byte[] b, int off, int len) throws ValueRejected {
    if (len == 1 && b[off] == 't' || is(b, off, len, "true")) {
      return Boolean.TRUE;
    }
    if (len == 1 && b[off] == 'f' || is(b, off, len, "false")) {
      return Boolean.FALSE;
    }
    throw rejected(i, b, off, len, "is not a boolean (t or f)");
  }

  /** A decimal integer with an optional sign, read like {@link Long#parseLong} but from bytes. */
  private long integer(int i, byte[] b, int off, int len, long min, long max, String type)
      throws ValueRejected {
    int p = off;
    int end = off + len;
    boolean negative = p < end && b[p] == '-';
    if (p < end && (b[p] == '-' || b[p] == '+')) {
      p++;
    }
    if (p == end) {
      throw rejected(i, b, off, len, "is not an integer");
    }
    // Accumulate negatively: Long.MIN_VALUE has no positive counterpart.
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long tenthOfLimit = limit / 10;
    long result = 0;
    boolean overflow = false;
    for (; p < end; p++) {
      int digit = b[p] - '0';
      if (digit < 0 || digit > 9) {
        throw rejected(i, b, off, len, "is not an integer");
      }
      if (result < tenthOfLimit || result * 10 < limit + digit) {
        overflow = true;
      } else {
        result = result * 10 - digit;
      }
    }
    long value = negative ? result : -result;
    if (overflow || value < min || value > max) {
      throw rejected(i, b, off, len, "is out of range for " + type);
    }
    return value;
  }

  /**
   * The field as a String if it is made of what decimal numerals are (digits, sign, point,
   * exponent), so Java's parser never sees its own extras ({@code 0x1p3}, {@code 1d}, blanks); null
   * if not.
   */
  private static String numeral(byte[] b, int off, int len) {
    if (len == 0) {
      return null;
    }
    for (int p = off; p < off + len; p++) {
      byte c = b[p];
      if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return null;
      }
    }
    return ascii(b, off, len);
  }

  /** NaN or an infinity, as the server or Java spells them. */
  private double special(int i, byte[] b, int off, int len) throws ValueRejected {
    String word = len <= 9 ? ascii(b, off, len).toLowerCase(Locale.ROOT) : "";
    return switch (word) {
      case "nan" -> Double.NaN;
      case "infinity", "+infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
      default -> throw rejected(i, b, off, len, "is not a number");
    };
  }

  /** Keeps the scale as written: {@code 1.50} stays {@code 1.50}. */
  private BigDecimal decimal(int i, byte[] b, int off, int len) throws ValueRejected {
    if (digits.length < len) {
      digits = new char[Math.max(len, digits.length * 2)];
    }
    for (int k = 0; k < len; k++) {
      byte c = b[off + k];
      if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        throw rejected(i, b, off, len, "is not a decimal");
      }
      digits[k] = (char) c;
    }
    try {
      return new BigDecimal(digits, 0, len);
    } catch (NumberFormatException | ArithmeticException e) {
      throw rejected(i, b, off, len, "is not a decimal");
    }
  }

  private String text(int i, byte[] b, int off, int len) throws ValueRejected {
    int p = off;
    int end = off + len;
    while (p < end && b[p] >= 0) {
      p++;
    }
    if (p == end) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: nothing to decode
    }
    int bad = Utf8.firstInvalid(b, p, end);
    if (bad >= 0) {
      throw rejected(
          i,
          b,
          off,
          len,
          "is not valid UTF-8 (byte 0x"
              + Integer.toHexString(b[bad] & 0xff)
              + " at offset "
              + (bad - off)
              + ")");
    }
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  /** bytea's hex format, {@code \x0aff}: CopyText doubles the backslash, unescaping undoes that. */
  private byte[] bytes(int i, byte[] b, int off, int len) throws ValueRejected {
    if (len < 2 || b[off] != '\\' || b[off + 1] != 'x' || len % 2 != 0) {
      throw rejected(i, b, off, len, "is not bytes in hex (\\x followed by pairs of hex digits)");
    }
    byte[] out = new byte[(len - 2) / 2];
    for (int k = 0, p = off + 2; k < out.length; k++, p += 2) {
      int high = hexDigit(b[p]);
      int low = hexDigit(b[p + 1]);
      if (high < 0 || low < 0) {
        throw rejected(i, b, off, len, "is not bytes in hex (\\x followed by pairs of hex digits)");
      }
      out[k] = (byte) (high << 4 | low);
    }
    return out;
  }

  private LocalDate date(int i, byte[] b, int off, int len) throws ValueRejected {
    LocalDate date = dateTimes.date(b, off, len);
    if (date == null) {
      throw rejected(i, b, off, len, "is not a date");
    }
    return date;
  }

  private LocalTime time(int i, byte[] b, int off, int len) throws ValueRejected {
    LocalTime time = dateTimes.time(b, off, len);
    if (time == null) {
      throw rejected(i, b, off, len, "is not a time");
    }
    return time;
  }

  private Object timestamp(int i, byte[] b, int off, int len, boolean instant)
      throws ValueRejected {
    Object value = dateTimes.timestamp(b, off, len, instant);
    if (value == null) {
      throw rejected(
          i, b, off, len, instant ? "is not a timestamp with a UTC offset" : "is not a timestamp");
    }
    return value;
  }

  private static int hexDigit(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean is(byte[] b, int off, int len, String word) {
    if (len != word.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if (b[off + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Bytes already checked to be ASCII (or any, where a wrong guess only fails a parse). */
  private static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  private String name(int column) {
    return columns.get(column).name();
  }

  private ValueRejected rejected(int i, byte[] b, int off, int len, String reason) {
    return new ValueRejected(name(i) + ": " + shown(b, off, len) + " " + reason);
  }

  /** The text quoted and cut to {@link #SHOWN} characters, so one huge field cannot flood a log. */
  private static String shown(byte[] b, int off, int len) {
    String text = new String(b, off, Math.min(len, SHOWN * 4), StandardCharsets.UTF_8);
    if (text.length() > SHOWN) {
      int cut = Character.isHighSurrogate(text.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
      text = text.substring(0, cut) + "…";
    }
    return "'" + text + "'";
  }
}
