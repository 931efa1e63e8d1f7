package dev.ferry.transforms.delta;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Hive-style partition directories ({@code year=2024/month=1/}) as Delta and DuckDB expect them. A
 * null value is the {@code __HIVE_DEFAULT_PARTITION__} directory; characters that would break a
 * path segment are written {@code %XX}, following the Hive convention readers undo.
 */
final class PartitionPath {

  static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";

  private static final String ESCAPED = "\"#%'*/:=?\\\u007F{[]^";

  private PartitionPath() {}

  /** The directory segments, one per partition column, e.g. {@code [year=2024, month=1]}. */
  static List<String> segments(List<String> names, List<String> values) {
    return IntStream.range(0, names.size())
        .mapToObj(i -> escape(names.get(i)) + "=" + escapeValue(values.get(i)))
        .toList();
  }

  static String escapeValue(String value) {
    return value == null ? NULL_VALUE : escape(value);
  }

  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || ESCAPED.indexOf(c) >= 0) {
        b.append('%').append(String.format("%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * A relative file path as the Delta log stores it: a URI path, so {@code %} and spaces encode.
   */
  static String uriPath(String relativePath) {
    try {
      return new URI(null, null, relativePath, null).getRawPath();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a usable file path: " + relativePath, e);
    }
  }
}
