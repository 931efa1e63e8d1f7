package dev.ferry.transforms.verify;

/**
 * One spelling of a PostgreSQL array literal, so the text a source gives an array column ({@code
 * {"x","w\"v"}}, as ferry writes a MySQL SET) and PostgreSQL's own output of it ({@code
 * {x,"w\"v"}}, quotes only where needed) compare equal: every element quoted and escaped the same
 * way, {@code NULL} bare, nested arrays kept nested. Text that does not parse as an array literal
 * is returned as is, and then compares as text.
 */
final class CanonicalArray {

  private final String text;
  private int at;

  private CanonicalArray(String text) {
    this.text = text;
  }

  static String of(String text) {
    CanonicalArray parser = new CanonicalArray(text.strip());
    StringBuilder out = new StringBuilder(text.length() + 8);
    try {
      parser.array(out);
      if (parser.at != parser.text.length()) {
        return text;
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return text;
    }
    return out.toString();
  }

  private void array(StringBuilder out) {
    expect('{');
    out.append('{');
    skipSpaces();
    if (peek() == '}') {
      at++;
      out.append('}');
      return;
    }
    boolean first = true;
    while (true) {
      if (!first) {
        out.append(',');
      }
      first = false;
      skipSpaces();
      char c = peek();
      if (c == '{') {
        array(out);
      } else if (c == '"') {
        quoted(out);
      } else {
        bare(out);
      }
      skipSpaces();
      char next = text.charAt(at++);
      if (next == '}') {
        out.append('}');
        return;
      }
      if (next != ',') {
        throw new IllegalArgumentException("not an array literal");
      }
    }
  }

  private void quoted(StringBuilder out) {
    expect('"');
    StringBuilder element = new StringBuilder();
    while (true) {
      char c = text.charAt(at++);
      if (c == '\\') {
        element.append(text.charAt(at++));
      } else if (c == '"') {
        break;
      } else {
        element.append(c);
      }
    }
    element(element.toString(), out);
  }

  /**
   * An unquoted element: as in PostgreSQL, a backslash takes the next character as it is ({@code
   * a\,b} is {@code "a,b"}, {@code \NULL} the string NULL), and only unescaped spaces at the end
   * are dropped.
   */
  private void bare(StringBuilder out) {
    StringBuilder chars = new StringBuilder();
    int kept = 0;
    while (",}".indexOf(peek()) < 0) {
      char c = text.charAt(at++);
      if (c == '\\') {
        chars.append(text.charAt(at++));
        kept = chars.length();
      } else {
        chars.append(c);
      }
    }
    int end = chars.length();
    while (end > kept && Character.isWhitespace(chars.charAt(end - 1))) {
      end--;
    }
    String element = chars.substring(0, end);
    if (element.isEmpty() && kept == 0) {
      throw new IllegalArgumentException("empty element");
    }
    if (kept == 0 && element.equalsIgnoreCase("NULL")) {
      out.append("NULL");
    } else {
      element(element, out);
    }
  }

  private static void element(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  private void expect(char c) {
    if (text.charAt(at++) != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }

  private char peek() {
    return text.charAt(at);
  }

  private void skipSpaces() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }
}
