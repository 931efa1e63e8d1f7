package dev.ferry.transforms.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.ValueRejected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * Rows in PostgreSQL's COPY text format, the one place that knows how each logical type is spelled
 * for the server. Fields are tab-separated; {@code \N} is NULL; backslash, tab, newline and
 * carriage return in text are escaped; bytes are {@code \x} hex; times are ISO with all six
 * fractional digits, instants with {@code +00} so the session time zone cannot shift them; years
 * before 1 are written the server's way ({@code 0044-03-15 BC}).
 *
 * <p>Text is checked on the way: NUL characters (which the server refuses) are rejected or stripped
 * by the {@link NulBytes} policy, and unpaired UTF-16 surrogates (which UTF-8 cannot encode, and
 * Java would silently turn into '?') are rejected. Not thread-safe: one per DoFn instance.
 *
 * <p>{@link CopyTextParser} reads the lines back.
 */
public final class CopyText {

  private static final HexFormat HEX = HexFormat.of();

  private final List<Column> columns;
  private final Kind[] kinds;
  private final NulBytes nulBytes;
  private final StringBuilder line = new StringBuilder(256);

  public CopyText(List<Column> columns, NulBytes nulBytes) {
    this.columns = List.copyOf(columns);
    this.kinds = columns.stream().map(c -> c.type().kind()).toArray(Kind[]::new);
    this.nulBytes = nulBytes;
  }

  /** The row's fields as one COPY line in UTF-8, without the line end. */
  public byte[] encode(Row row) throws ValueRejected {
    return encode(row.getValues());
  }

  /**
   * One COPY line in UTF-8, without the line end, of {@code values} in column order: the Beam
   * values of each column's logical type, as a {@link Row} holds them.
   */
  public byte[] encode(List<Object> values) throws ValueRejected {
    if (values.size() != kinds.length) {
      throw new IllegalArgumentException(
          "expected " + kinds.length + " values, one per column, got " + values.size());
    }
    line.setLength(0);
    for (int i = 0; i < kinds.length; i++) {
      if (i > 0) {
        line.append('\t');
      }
      Object value = values.get(i);
      if (value == null) {
        line.append("\\N");
      } else {
        append(i, value);
      }
    }
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void append(int i, Object value) throws ValueRejected {
    switch (kinds[i]) {
      case BOOLEAN -> line.append((Boolean) value ? 't' : 'f');
      case INT16, INT32, INT64, FLOAT32, FLOAT64 -> line.append(value);
      case DECIMAL -> line.append(((BigDecimal) value).toPlainString());
      case STRING, JSON, UUID -> appendText(i, (String) value);
      case BYTES -> line.append("\\\\x").append(HEX.formatHex((byte[]) value));
      case DATE -> {
        appendDate((LocalDate) value);
        appendEra(((LocalDate) value).getYear());
      }
      case TIME -> appendTime((LocalTime) value);
      case TIMESTAMP ->
          appendDateTime(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC), "+00");
      case TIMESTAMP_LOCAL -> appendDateTime((LocalDateTime) value, "");
    }
  }

  private void appendText(int column, String text) throws ValueRejected {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> line.append("\\\\");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\0' -> {
          if (nulBytes == NulBytes.REJECT) {
            throw new ValueRejected(
                columns.get(column).name()
                    + ": text contains a NUL character (U+0000) at offset "
                    + i
                    + ", which PostgreSQL cannot store; remove it upstream, or strip NULs"
                    + " (job file: target.nul_bytes: strip)");
          }
        }
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            line.append(c).append(text.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            throw new ValueRejected(
                columns.get(column).name()
                    + ": text contains an unpaired UTF-16 surrogate at offset "
                    + i
                    + ", which is not valid Unicode");
          } else {
            line.append(c);
          }
        }
      }
    }
  }

  private void appendDateTime(LocalDateTime value, String offset) {
    appendDate(value.toLocalDate());
    line.append(' ');
    appendTime(value.toLocalTime());
    line.append(offset);
    appendEra(value.getYear());
  }

  /** The date without its era: a BC marker ends the whole field, after any time and offset. */
  private void appendDate(LocalDate value) {
    int year = value.getYear();
    // ISO year 0 is 1 BC, -1 is 2 BC: PostgreSQL counts like people do.
    pad(year > 0 ? year : 1 - year, 4);
    line.append('-');
    pad(value.getMonthValue(), 2);
    line.append('-');
    pad(value.getDayOfMonth(), 2);
  }

  private void appendEra(int year) {
    if (year <= 0) {
      line.append(" BC");
    }
  }

  private void appendTime(LocalTime value) {
    pad(value.getHour(), 2);
    line.append(':');
    pad(value.getMinute(), 2);
    line.append(':');
    pad(value.getSecond(), 2);
    line.append('.');
    // Rows carry microseconds; anything finer would be rounded by the server, so cut it here.
    pad(value.getNano() / 1000, 6);
  }

  private void pad(int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      line.append('0');
    }
    line.append(digits);
  }
}
