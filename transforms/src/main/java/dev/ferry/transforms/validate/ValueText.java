package dev.ferry.transforms.validate;

import java.math.BigDecimal;
import java.util.Base64;

/**
 * The text form of a row value, the one spelling that {@code in} rules, {@code regex} rules and
 * duplicate keys compare: numbers as plain decimals without trailing zeros (so {@code 1}, {@code
 * 1.0} and {@code 1.00} are the same), booleans as {@code true}/{@code false}, times as ISO-8601,
 * bytes as base64.
 */
final class ValueText {

  private static final int SHOWN_CHARS = 60;

  private ValueText() {}

  static String of(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof BigDecimal d) {
      return plain(d);
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? plain(new BigDecimal(f.toString())) : f.toString();
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? plain(new BigDecimal(d.toString())) : d.toString();
    }
    if (v instanceof byte[] bytes) {
      return "base64:" + Base64.getEncoder().encodeToString(bytes);
    }
    return String.valueOf(v);
  }

  /** The value as a reason shows it: text in quotes (shortened), everything else bare. */
  static String shown(Object v) {
    if (v instanceof String s) {
      return "'" + (s.length() > SHOWN_CHARS ? s.substring(0, SHOWN_CHARS - 3) + "..." : s) + "'";
    }
    return v == null ? "NULL" : of(v);
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }
}
