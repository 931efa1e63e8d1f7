package dev.ferry.transforms.postgres;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Dates, times and timestamps as PostgreSQL writes them in COPY text, read straight from the line's
 * bytes: {@code 0044-03-15 BC}, {@code 23:59:59.999999}, {@code 2024-01-02 03:04:05.123456+00}.
 * Each reader returns null for text that is not one, and {@link CopyTextParser} says why. Not
 * thread-safe: it keeps a cursor.
 */
final class CopyDateTimes {

  private int at;

  /** {@code YYYY-MM-DD[ BC]}, or null. */
  LocalDate date(byte[] b, int off, int len) {
    int end = off + len;
    boolean bc = endsInBc(b, off, len);
    if (bc) {
      end -= 3;
    }
    at = off;
    LocalDate date = readDate(b, end, bc);
    return at == end ? date : null;
  }

  /** {@code HH:MM:SS[.ffffff]}, or null. */
  LocalTime time(byte[] b, int off, int len) {
    at = off;
    LocalTime time = readTime(b, off + len);
    return at == off + len ? time : null;
  }

  /**
   * {@code 2024-01-02 03:04:05.123456}, then for an instant its offset ({@code +00}, or any the
   * server's session time zone wrote), then {@code BC} for years before 1.
   */
  Object timestamp(byte[] b, int off, int len, boolean instant) {
    int end = off + len;
    boolean bc = endsInBc(b, off, len);
    if (bc) {
      end -= 3;
    }
    at = off;
    LocalDate date = readDate(b, end, bc);
    LocalTime time = null;
    if (date != null && at < end && b[at] == ' ') {
      at++;
      time = readTime(b, end);
    }
    ZoneOffset offset = time != null && instant ? readOffset(b, end) : null;
    if (time == null || (instant && offset == null) || at != end) {
      return null;
    }
    LocalDateTime local = LocalDateTime.of(date, time);
    return instant ? local.toInstant(offset) : local;
  }

  private static boolean endsInBc(byte[] b, int off, int len) {
    return len > 3 && b[off + len - 3] == ' ' && b[off + len - 2] == 'B' && b[off + len - 1] == 'C';
  }

  /** {@code YYYY-MM-DD} from the cursor, years counted from 1 BC if {@code bc}; null if not. */
  private LocalDate readDate(byte[] b, int end, boolean bc) {
    int start = at;
    int year = 0;
    while (at < end && at - start < 9 && b[at] >= '0' && b[at] <= '9') {
      year = year * 10 + (b[at++] - '0');
    }
    // The server writes at least four digits, and has no year 0: 1 BC comes before 1 AD.
    if (at - start < 4 || year == 0 || !skip(b, end, '-')) {
      return null;
    }
    int month = number(b, end, 2);
    int day = month >= 0 && skip(b, end, '-') ? number(b, end, 2) : -1;
    if (day < 0) {
      return null;
    }
    try {
      return LocalDate.of(bc ? 1 - year : year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** {@code HH:MM:SS} with up to six fractional digits from the cursor; null if not. */
  private LocalTime readTime(byte[] b, int end) {
    int hour = number(b, end, 2);
    int minute = hour >= 0 && skip(b, end, ':') ? number(b, end, 2) : -1;
    int second = minute >= 0 && skip(b, end, ':') ? number(b, end, 2) : -1;
    if (second < 0) {
      return null;
    }
    int micros = 0;
    if (skip(b, end, '.')) {
      int start = at;
      while (at < end && at - start < 6 && b[at] >= '0' && b[at] <= '9') {
        micros = micros * 10 + (b[at++] - '0');
      }
      if (at == start) {
        return null;
      }
      for (int k = at - start; k < 6; k++) {
        micros *= 10;
      }
    }
    try {
      return LocalTime.of(hour, minute, second, micros * 1000);
    } catch (DateTimeException e) {
      return null; // 24:00:00, which the server allows, is not a LocalTime
    }
  }

  /** {@code +HH}, {@code +HH:MM} or {@code +HH:MM:SS} from the cursor; null if not. */
  private ZoneOffset readOffset(byte[] b, int end) {
    if (at >= end || (b[at] != '+' && b[at] != '-')) {
      return null;
    }
    int sign = b[at++] == '-' ? -1 : 1;
    int hours = number(b, end, 2);
    int minutes = hours >= 0 && skip(b, end, ':') ? number(b, end, 2) : 0;
    int seconds = minutes >= 0 && skip(b, end, ':') ? number(b, end, 2) : 0;
    if (hours < 0 || minutes < 0 || seconds < 0) {
      return null;
    }
    try {
      return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Exactly {@code count} digits from the cursor, or -1. */
  private int number(byte[] b, int end, int count) {
    if (end - at < count) {
      return -1;
    }
    int value = 0;
    for (int k = 0; k < count; k++) {
      int digit = b[at + k] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    at += count;
    return value;
  }

  private boolean skip(byte[] b, int end, char c) {
    if (at < end && b[at] == c) {
      at++;
      return true;
    }
    return false;
  }
}
