package dev.ferry.schemas.document;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL array literals ({@code {"a","b \"c\"",NULL}}), the text form in which array columns
 * travel. Every element is double-quoted with {@code \} and {@code "} escaped, so commas, braces,
 * blanks and the word NULL inside values stay values; a null element is the bare {@code NULL}.
 * Elements are the Beam values of the element type, written as PostgreSQL reads them back exactly:
 * timestamps with microseconds and {@code +00}, dates before year 1 with {@code BC}, bytes as
 * {@code \x…} hex, doubles in Java's shortest round-trip form ({@code NaN} and {@code Infinity}
 * included).
 */
final class PgArrays {

  private PgArrays() {}

  /** The literal of a one-dimensional array of {@code elements}. */
  static String literal(List<?> elements) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      Object e = elements.get(i);
      if (e == null) {
        b.append("NULL");
      } else {
        b.append('"');
        String text = text(e);
        for (int j = 0; j < text.length(); j++) {
          char c = text.charAt(j);
          if (c == '"' || c == '\\') {
            b.append('\\');
          }
          b.append(c);
        }
        b.append('"');
      }
    }
    return b.append('}').toString();
  }

  /** One element's text as PostgreSQL reads it. */
  static String text(Object e) {
    if (e instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (e instanceof byte[] bytes) {
      return "\\x" + HexFormat.of().formatHex(bytes);
    }
    if (e instanceof Instant i) {
      LocalDateTime at = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
      return date(at.toLocalDate(), " " + time(at.toLocalTime()) + "+00");
    }
    if (e instanceof LocalDateTime at) {
      return date(at.toLocalDate(), " " + time(at.toLocalTime()));
    }
    if (e instanceof LocalDate d) {
      return date(d, "");
    }
    if (e instanceof LocalTime t) {
      return time(t);
    }
    return e.toString();
  }

  /** PostgreSQL counts years 1 BC, 2 BC… where ISO counts 0, -1…; the era goes last. */
  private static String date(LocalDate d, String rest) {
    int year = d.getYear();
    int shown = year > 0 ? year : 1 - year;
    return String.format(
        Locale.ROOT,
        "%04d-%02d-%02d%s%s",
        shown,
        d.getMonthValue(),
        d.getDayOfMonth(),
        rest,
        year > 0 ? "" : " BC");
  }

  private static String time(LocalTime t) {
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d.%06d",
        t.getHour(),
        t.getMinute(),
        t.getSecond(),
        t.getNano() / 1000);
  }
}
