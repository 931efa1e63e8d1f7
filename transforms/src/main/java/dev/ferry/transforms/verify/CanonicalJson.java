package dev.ferry.transforms.verify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling of a JSON document, so a source's JSON text and the {@code jsonb} PostgreSQL made of
 * it compare equal: {@code jsonb} sorts keys, drops spaces, keeps the last of duplicate keys and
 * rewrites {@code 1e2} as {@code 100}; MySQL's JSON type does much the same.
 *
 * <p>The form: objects with keys in {@link #compareKeys key order} (shorter keys first, as {@code
 * jsonb} and MySQL print them), arrays in order, no spaces, numbers by value ({@code 1.50} and
 * {@code 1.5} are one number, as in {@code jsonb} equality), strings with their escapes decoded and
 * only quotes, backslashes and control characters escaped. Text that is not one JSON value (RFC
 * 8259, nested at most {@value #MAX_DEPTH} deep) is returned as is: it then compares as text.
 *
 * <p>Scanned by hand in one pass over the text, without a parser's tokens or a tree: a JSON column
 * is the costliest value a verify digests, and a general parser spent most of a verify's time on
 * it. Objects whose keys already come in order, as {@code jsonb}'s do, are written as they are
 * read; only an object out of order is sorted. {@code CanonicalJsonTest} holds it to PostgreSQL's
 * own {@code jsonb} and to Jackson's idea of what is JSON.
 */
final class CanonicalJson {

  /** Deeper documents compare as text (Jackson and {@code jsonb} refuse them too). */
  static final int MAX_DEPTH = 1000;

  private final String text;
  private final StringBuilder out;
  private int at;

  private CanonicalJson(String text, StringBuilder out) {
    this.text = text;
    this.out = out;
  }

  static String of(String text) {
    return append(text, new StringBuilder(text.length())).toString();
  }

  /**
   * The canonical form of {@code text} appended to {@code out} (which is returned), or {@code text}
   * itself when it is not one JSON value: the form {@link CanonicalRow} encodes without a string in
   * between.
   */
  static CharSequence append(String text, StringBuilder out) {
    int start = out.length();
    CanonicalJson scan = new CanonicalJson(text, out);
    try {
      scan.space();
      scan.value(0);
      scan.space();
      if (scan.at == text.length()) {
        return out;
      }
    } catch (NotJson e) {
      // compared as text
    }
    out.setLength(start);
    return text;
  }

  /** Thrown where the text stops being JSON; without a stack, it is only a signal. */
  private static final class NotJson extends Exception {
    private static final long serialVersionUID = 1L;
    private static final NotJson INSTANCE = new NotJson();

    private NotJson() {
      super(null, null, false, false);
    }
  }

  private void value(int depth) throws NotJson {
    if (depth > MAX_DEPTH || at >= text.length()) {
      throw NotJson.INSTANCE;
    }
    char c = text.charAt(at);
    switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw NotJson.INSTANCE;
        }
      }
    }
  }

  /**
   * An object, its fields written as they come while their keys come in order; when a key comes out
   * of order (or twice) the fields written are sorted again at the end, the last of equal keys
   * kept, as in {@code jsonb}.
   */
  private void object(int depth) throws NotJson {
    int start = out.length();
    out.append('{');
    at++;
    space();
    if (peek() == '}') {
      at++;
      out.append('}');
      return;
    }
    List<Field> fields = new ArrayList<>();
    String previous = null;
    boolean sorted = true;
    while (true) {
      if (peek() != '"') {
        throw NotJson.INSTANCE;
      }
      if (previous != null) {
        out.append(',');
      }
      int from = out.length();
      int nameFrom = from + 1;
      string();
      String name = out.substring(nameFrom, out.length() - 1); // the key as written, escapes too
      sorted &= previous == null || compareKeys(previous, name) < 0;
      previous = name;
      space();
      expect(':');
      out.append(':');
      space();
      value(depth);
      fields.add(new Field(name, from, out.length()));
      space();
      char c = peek();
      at++;
      if (c == '}') {
        break;
      }
      if (c != ',') {
        throw NotJson.INSTANCE;
      }
      space();
    }
    if (!sorted) {
      Map<String, String> byKey = new TreeMap<>(CanonicalJson::compareKeys);
      for (Field f : fields) {
        byKey.put(f.name, out.substring(f.from, f.to));
      }
      out.setLength(start + 1);
      out.append(String.join(",", byKey.values()));
    }
    out.append('}');
  }

  /** A field written at {@code [from, to)} of the output: its quoted key, a colon, its value. */
  private record Field(String name, int from, int to) {}

  private void array(int depth) throws NotJson {
    out.append('[');
    at++;
    space();
    if (peek() == ']') {
      at++;
      out.append(']');
      return;
    }
    while (true) {
      value(depth);
      space();
      char c = peek();
      at++;
      if (c == ']') {
        break;
      }
      if (c != ',') {
        throw NotJson.INSTANCE;
      }
      out.append(',');
      space();
    }
    out.append(']');
  }

  /**
   * A string: escapes decoded (a {@code \\u} escape is its character, {@code \/} is {@code /}),
   * then written with only {@code "}, {@code \} and control characters escaped, the latter as
   * six-character {@code \\u} escapes in lower-case hex.
   */
  private void string() throws NotJson {
    out.append('"');
    at++;
    int plain = at; // the start of the run of characters not yet written
    while (true) {
      if (at >= text.length()) {
        throw NotJson.INSTANCE;
      }
      char c = text.charAt(at);
      if (c == '"') {
        out.append(text, plain, at).append('"');
        at++;
        return;
      }
      if (c < 0x20) {
        throw NotJson.INSTANCE; // JSON escapes control characters
      }
      if (c == '\\') {
        out.append(text, plain, at);
        at++;
        character(escaped());
        plain = at;
      } else {
        at++;
      }
    }
  }

  /** The character an escape stands for; {@code at} is just past the backslash. */
  private char escaped() throws NotJson {
    if (at >= text.length()) {
      throw NotJson.INSTANCE;
    }
    char e = text.charAt(at++);
    return switch (e) {
      case '"', '\\', '/' -> e;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        if (at + 4 > text.length()) {
          throw NotJson.INSTANCE;
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
          int digit = Character.digit(text.charAt(at++), 16);
          if (digit < 0) {
            throw NotJson.INSTANCE;
          }
          code = code * 16 + digit;
        }
        yield (char) code;
      }
      default -> throw NotJson.INSTANCE;
    };
  }

  private void character(char c) {
    if (c == '"' || c == '\\') {
      out.append('\\').append(c);
    } else if (c < 0x20) {
      out.append("\\u00")
          .append(Character.forDigit(c >> 4, 16))
          .append(Character.forDigit(c & 0xf, 16));
    } else {
      out.append(c);
    }
  }

  /**
   * A number (RFC 8259's grammar: no leading zeros, no {@code +}, digits on both sides of a point).
   * Integers of up to 18 digits without a trailing zero (nearly all) are their own canonical form;
   * the rest are written by value, trailing zeros stripped.
   */
  private void number() throws NotJson {
    int from = at;
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++;
    } else if (!digits()) {
      throw NotJson.INSTANCE;
    }
    boolean integer = true;
    if (peek() == '.') {
      at++;
      integer = false;
      if (!digits()) {
        throw NotJson.INSTANCE;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      at++;
      integer = false;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      if (!digits()) {
        throw NotJson.INSTANCE;
      }
    }
    if (integer && at - from <= 18 && text.charAt(at - 1) != '0') {
      out.append(text, from, at);
      return;
    }
    BigDecimal number;
    try {
      number = new BigDecimal(text.substring(from, at));
    } catch (NumberFormatException e) {
      throw NotJson.INSTANCE; // an exponent beyond an int's range
    }
    out.append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toString());
  }

  /** Skips one or more digits; false when there is none. */
  private boolean digits() {
    int from = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at > from;
  }

  private void literal(String word) throws NotJson {
    if (!text.startsWith(word, at)) {
      throw NotJson.INSTANCE;
    }
    at += word.length();
    out.append(word);
  }

  private void expect(char c) throws NotJson {
    if (peek() != c) {
      throw NotJson.INSTANCE;
    }
    at++;
  }

  /** The character at {@code at}, or 0 past the end (which no JSON token starts with). */
  private char peek() {
    return at < text.length() ? text.charAt(at) : 0;
  }

  /** Skips JSON's whitespace: space, tab, line feed, carriage return. */
  private void space() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  /**
   * The order of keys in the canonical form: shorter first, then by their characters. It is the
   * order {@code jsonb} and MySQL's JSON print keys in (for keys of one UTF-8 length per
   * character), so their text needs no sort.
   */
  private static int compareKeys(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }
}
