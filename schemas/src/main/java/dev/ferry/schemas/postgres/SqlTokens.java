package dev.ferry.schemas.postgres;

import dev.ferry.schemas.types.ValueRejected;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of one SQL expression as a source's catalog prints it (a CHECK condition, a default),
 * enough to translate simple conditions and to find the type names after {@code ::} casts. Not a
 * parser: it knows quoting, numbers and operators of the three source dialects and nothing of their
 * grammar.
 *
 * <ul>
 *   <li>{@code 'text'} is a string everywhere; MySQL also reads {@code "text"} as a string, ends it
 *       at a backslash escape's character ({@code 'it\'s'}), and prints {@code \'} around strings
 *       in its information schema ({@code _utf8mb4\'a\'}).
 *   <li>Identifiers are quoted with {@code "…"} (SQLite, PostgreSQL), {@code `…`} (MySQL, SQLite)
 *       or {@code […]} (SQLite).
 *   <li>Comments are refused: a condition with one is not simple.
 * </ul>
 */
final class SqlTokens {

  /** What a token is. */
  enum Kind {
    /** A bare name or keyword, as written. */
    WORD,
    /** A quoted identifier; {@link Token#value()} is the name without quotes. */
    IDENTIFIER,
    /** A string literal; {@link Token#value()} is its text without quotes or escapes. */
    STRING,
    NUMBER,
    /** An operator or punctuation: {@code ( ) , . :: = <> <= || …}. */
    SYMBOL,
    /** One or more whitespace characters. */
    SPACE
  }

  /**
   * One token.
   *
   * @param text the token as written in the source
   * @param value the identifier's name or the string's text; {@code text} for the other kinds
   */
  record Token(Kind kind, String text, String value) {

    boolean is(Kind k, String s) {
      return kind == k && text.equalsIgnoreCase(s);
    }
  }

  private static final String[] SYMBOLS = {
    "<=>", "->>", "::", "==", "<>", "!=", "<=", ">=", "||", "&&", "<<", ">>", "->"
  };

  private final String sql;
  private final String dialect;
  private final List<Token> tokens = new ArrayList<>();
  private int at;

  private SqlTokens(String sql, String dialect) {
    this.sql = sql;
    this.dialect = dialect;
  }

  /**
   * The tokens of {@code sql} in {@code dialect} ({@code mysql}, {@code sqlite} or {@code
   * postgres}).
   *
   * @throws ValueRejected when a string or identifier does not end, or the text holds a comment
   */
  static List<Token> of(String sql, String dialect) throws ValueRejected {
    SqlTokens lexer = new SqlTokens(sql, dialect);
    lexer.read();
    return List.copyOf(lexer.tokens);
  }

  private boolean mysql() {
    return dialect.equals("mysql");
  }

  private void read() throws ValueRejected {
    while (at < sql.length()) {
      char c = sql.charAt(at);
      int start = at;
      if (Character.isWhitespace(c)) {
        while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
          at++;
        }
        add(Kind.SPACE, start, " ");
      } else if (sql.startsWith("--", at) || sql.startsWith("/*", at) || (mysql() && c == '#')) {
        throw new ValueRejected("it holds a comment");
      } else if (c == '\'') {
        add(Kind.STRING, start, quoted('\'', mysql()));
      } else if (mysql() && c == '\\' && sql.startsWith("\\'", at)) {
        add(Kind.STRING, start, backslashQuoted());
      } else if (c == '"') {
        add(mysql() ? Kind.STRING : Kind.IDENTIFIER, start, quoted('"', mysql()));
      } else if (c == '`' && !dialect.equals("postgres")) {
        add(Kind.IDENTIFIER, start, quoted('`', false));
      } else if (c == '[' && dialect.equals("sqlite")) {
        int end = sql.indexOf(']', at);
        if (end < 0) {
          throw new ValueRejected("an identifier in [ ] does not end");
        }
        at = end + 1;
        add(Kind.IDENTIFIER, start, sql.substring(start + 1, end));
      } else if (Character.isDigit(c)
          || (c == '.' && at + 1 < sql.length() && Character.isDigit(sql.charAt(at + 1)))) {
        number();
        add(Kind.NUMBER, start, null);
      } else if (isWordStart(c)) {
        while (at < sql.length() && isWordPart(sql.charAt(at))) {
          at++;
        }
        add(Kind.WORD, start, null);
      } else {
        at += symbolLength();
        add(Kind.SYMBOL, start, null);
      }
    }
  }

  private void add(Kind kind, int start, String value) {
    String text = sql.substring(start, at);
    tokens.add(new Token(kind, text, value == null ? text : value));
  }

  /** Reads from an opening {@code quote} to its end; a doubled quote stands for itself. */
  private String quoted(char quote, boolean backslashEscapes) throws ValueRejected {
    StringBuilder value = new StringBuilder();
    at++;
    while (at < sql.length()) {
      char c = sql.charAt(at);
      if (backslashEscapes && c == '\\' && at + 1 < sql.length()) {
        value.append(unescape(sql.charAt(at + 1)));
        at += 2;
      } else if (c == quote && at + 1 < sql.length() && sql.charAt(at + 1) == quote) {
        value.append(quote);
        at += 2;
      } else if (c == quote) {
        at++;
        return value.toString();
      } else {
        value.append(c);
        at++;
      }
    }
    throw new ValueRejected("a quoted text does not end");
  }

  /**
   * MySQL's information schema prints the strings of a CHECK clause as {@code \'a\'}. Only plain
   * text between them is read: an escape inside would be escaped twice over and is not guessed at.
   */
  private String backslashQuoted() throws ValueRejected {
    int end = sql.indexOf("\\'", at + 2);
    if (end < 0) {
      throw new ValueRejected("a quoted text does not end");
    }
    String value = sql.substring(at + 2, end);
    if (value.indexOf('\\') >= 0) {
      throw new ValueRejected("a quoted text holds escapes inside escaped quotes");
    }
    at = end + 2;
    return value;
  }

  /** MySQL's backslash escapes; {@code \%} and {@code \_} keep their backslash, as in MySQL. */
  private static String unescape(char c) {
    return switch (c) {
      case '0' -> "\0";
      case 'b' -> "\b";
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      case 'Z' -> "\u001a";
      case '%', '_' -> "\\" + c;
      default -> String.valueOf(c);
    };
  }

  private void number() {
    while (at < sql.length() && Character.isDigit(sql.charAt(at))) {
      at++;
    }
    if (at < sql.length() && sql.charAt(at) == '.') {
      at++;
      while (at < sql.length() && Character.isDigit(sql.charAt(at))) {
        at++;
      }
    }
    if (at + 1 < sql.length() && (sql.charAt(at) == 'e' || sql.charAt(at) == 'E')) {
      int exponent = at + 1;
      if (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-') {
        exponent++;
      }
      if (exponent < sql.length() && Character.isDigit(sql.charAt(exponent))) {
        at = exponent;
        while (at < sql.length() && Character.isDigit(sql.charAt(at))) {
          at++;
        }
      }
    }
  }

  private int symbolLength() {
    for (String s : SYMBOLS) {
      if (sql.startsWith(s, at)) {
        return s.length();
      }
    }
    return Character.charCount(sql.codePointAt(at));
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c > 0x7f;
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || Character.isDigit(c) || c == '$';
  }
}
