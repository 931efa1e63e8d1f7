package dev.ferry.schemas.types;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parsing of dates, times and date-times written as text, the most varied values sources
 * hold: ISO-like spellings with an optional offset, microseconds at most, nothing guessed.
 */
final class DateTimeText {

  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})"
              + "(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
              + "\\s*(Z|z|UTC|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern TIME_OF_DAY =
      Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");

  private DateTimeText() {}

  static LocalDate date(String t) throws ValueRejected {
    LocalDateTime dt = parseDateTime(t).local();
    if (!dt.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      throw new ValueRejected(Values.quote(t) + " is a date and time, not a date");
    }
    return dt.toLocalDate();
  }

  static LocalTime time(String t) throws ValueRejected {
    Matcher m = TIME_OF_DAY.matcher(t);
    if (!m.matches()) {
      throw new ValueRejected(
          Values.quote(t) + " is not a time of day (expected HH:MM[:SS[.ffffff]])");
    }
    try {
      return LocalTime.of(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
          nanos(m.group(4), t));
    } catch (DateTimeException e) {
      throw new ValueRejected(Values.quote(t) + " is not a valid time: " + e.getMessage());
    }
  }

  /** A parsed date-time: the wall clock as written and its offset, {@code null} when none. */
  private record DateTime(LocalDateTime local, ZoneOffset offset) {}

  /**
   * A TIMESTAMP value: one with an offset keeps it, one without is read in {@code zone}. A wall
   * clock that never happened there (skipped by a daylight-saving change) is rejected; one that
   * happened twice takes the earlier offset, as {@link ZonedDateTime#of} does.
   */
  /** Parses a TIMESTAMP value; see {@link #toInstant}. */
  static Instant instant(String t, ZoneId zone) throws ValueRejected {
    return toInstant(parseDateTime(t), zone, t);
  }

  /** Parses a TIMESTAMP_LOCAL value; see {@link #toWallClock}. */
  static LocalDateTime wallClock(String t, ZoneId zone) throws ValueRejected {
    return toWallClock(parseDateTime(t), zone);
  }

  private static Instant toInstant(DateTime dt, ZoneId zone, String t) throws ValueRejected {
    if (dt.offset() != null) {
      return dt.local().toInstant(dt.offset());
    }
    if (zone.getRules().getValidOffsets(dt.local()).isEmpty()) {
      throw new ValueRejected(
          Values.quote(t)
              + " does not exist in time zone "
              + zone
              + " (skipped by a daylight-saving change)");
    }
    return ZonedDateTime.of(dt.local(), zone).toInstant();
  }

  /** A TIMESTAMP_LOCAL value: kept as written, or moved from its offset to {@code zone}. */
  private static LocalDateTime toWallClock(DateTime dt, ZoneId zone) {
    if (dt.offset() == null) {
      return dt.local();
    }
    return dt.local().atOffset(dt.offset()).atZoneSameInstant(zone).toLocalDateTime();
  }

  /** Parses ISO-like date-times: {@code YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][Z|UTC|±HH[:MM]]}. */
  private static DateTime parseDateTime(String t) throws ValueRejected {
    DateTime plain = plainDateTime(t);
    if (plain != null) {
      return plain;
    }
    Matcher m = DATE_TIME.matcher(t);
    if (!m.matches()) {
      throw new ValueRejected(
          Values.quote(t)
              + " is not a date/time (expected YYYY-MM-DD[ HH:MM:SS[.ffffff]][Z|±HH:MM])");
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
              m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
              nanos(m.group(7), t));
      return new DateTime(local, m.group(8) == null ? null : offset(m.group(8)));
    } catch (DateTimeException e) {
      throw new ValueRejected(Values.quote(t) + " is not a valid date/time: " + e.getMessage());
    }
  }

  /**
   * The common spellings {@code YYYY-MM-DD HH:MM:SS[.f{1,6}]} (space or T, no offset) and {@code
   * YYYY-MM-DD} without a regular expression: most stored date-times look like this, and this is
   * the hot path of a load. Anything else, or anything invalid, returns null for the full parser to
   * judge.
   */
  private static DateTime plainDateTime(String t) {
    int n = t.length();
    if (n == 10) {
      return plainDate(t);
    }
    if (n < 19 || n > 26 || (n > 19 && (n == 20 || t.charAt(19) != '.'))) {
      return null;
    }
    if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return null;
    }
    char sep = t.charAt(10);
    if (sep != ' ' && sep != 'T') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    int micros = n > 20 ? digits(t, 20, n) : 0;
    if ((year | month | day | hour | minute | second | micros) < 0) {
      return null;
    }
    for (int i = n; i < 26 && n > 20; i++) {
      micros *= 10;
    }
    try {
      return new DateTime(
          LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000), null);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** {@code YYYY-MM-DD} at midnight, or null for the full parser to judge. */
  private static DateTime plainDate(String t) {
    if (t.charAt(4) != '-' || t.charAt(7) != '-') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    if ((year | month | day) < 0) {
      return null;
    }
    try {
      return new DateTime(LocalDateTime.of(year, month, day, 0, 0), null);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The number in {@code t[from, to)}, or -1 when a character there is not an ASCII digit. */
  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static ZoneOffset offset(String text) {
    if (text.equalsIgnoreCase("Z") || text.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    String digits = text.replace(":", "");
    int hours = Integer.parseInt(digits.substring(1, 3));
    int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
    int sign = digits.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  private static int nanos(String fraction, String whole) throws ValueRejected {
    if (fraction == null) {
      return 0;
    }
    String padded = (fraction + "000000000").substring(0, 9);
    if (!padded.endsWith("000")) {
      throw new ValueRejected(
          Values.quote(whole) + " has sub-microsecond digits, which would be lost");
    }
    return Integer.parseInt(padded);
  }
}
