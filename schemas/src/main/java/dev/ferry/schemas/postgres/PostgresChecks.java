package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.SqlTokens.Kind;
import dev.ferry.schemas.postgres.SqlTokens.Token;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ValueRejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * CHECK conditions of MySQL and SQLite tables → PostgreSQL conditions. Only what means the same on
 * both sides is translated: columns of the table (to their quoted target names), numbers, string
 * literals (MySQL's escapes and charset introducers like {@code _utf8mb4'a'} resolved),
 * comparisons, {@code + - * %}, {@code AND OR NOT IN IS NULL BETWEEN LIKE TRUE FALSE}, parentheses,
 * and a few functions that compute the same thing:
 *
 * <ul>
 *   <li>MySQL {@code char_length}, {@code lower}/{@code lcase}, {@code upper}/{@code ucase}, {@code
 *       abs}, {@code trim}, {@code coalesce}; MySQL's {@code length} counts bytes, so it becomes
 *       {@code octet_length}. MySQL's {@code /} always divides exactly and PostgreSQL's cuts
 *       integer quotients, so it is not translated.
 *   <li>SQLite {@code length} (characters, as in PostgreSQL), {@code lower}, {@code upper}, {@code
 *       abs}, {@code trim}, {@code coalesce}, {@code /} and {@code ||}; {@code ==} becomes {@code
 *       =}.
 * </ul>
 *
 * <p>Anything else (other functions, {@code REGEXP}, {@code typeof}, sub-queries, names of other
 * tables) is refused with the reason, and the caller leaves the check out with a note. Comparisons
 * of text follow PostgreSQL's collation afterwards: a MySQL check that relied on a case-insensitive
 * collation becomes case-sensitive.
 */
final class PostgresChecks {

  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "not", "in", "is", "null", "between", "like", "true", "false");

  private static final Map<String, String> MYSQL_FUNCTIONS =
      Map.ofEntries(
          Map.entry("char_length", "char_length"),
          Map.entry("character_length", "char_length"),
          Map.entry("length", "octet_length"),
          Map.entry("octet_length", "octet_length"),
          Map.entry("lower", "lower"),
          Map.entry("lcase", "lower"),
          Map.entry("upper", "upper"),
          Map.entry("ucase", "upper"),
          Map.entry("abs", "abs"),
          Map.entry("trim", "trim"),
          Map.entry("coalesce", "coalesce"));

  private static final Map<String, String> SQLITE_FUNCTIONS =
      Map.of(
          "length", "length",
          "lower", "lower",
          "upper", "upper",
          "abs", "abs",
          "trim", "trim",
          "coalesce", "coalesce");

  private static final Set<String> OPERATORS =
      Set.of("(", ")", ",", "=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "*", "%");

  private static final Set<String> SQLITE_OPERATORS = Set.of("/", "||");

  private static final Pattern CHECK_KEYWORD =
      Pattern.compile("(?is)^CHECK(\\s|\\().*", Pattern.DOTALL);

  private PostgresChecks() {}

  /**
   * {@code condition} as a PostgreSQL condition on {@code table}'s target columns.
   *
   * @param dialect {@code mysql} or {@code sqlite}
   * @param targetColumn a column's source name → its quoted target name
   * @throws ValueRejected naming what is not translated
   */
  static String translate(
      String condition, String dialect, Table table, Function<String, String> targetColumn)
      throws ValueRejected {
    if (!dialect.equals("mysql") && !dialect.equals("sqlite")) {
      throw new ValueRejected("conditions of " + dialect + " sources are not translated");
    }
    List<Token> tokens = unwrap(SqlTokens.of(condition, dialect));
    if (tokens.isEmpty()) {
      throw new ValueRejected("the condition is empty");
    }
    Map<String, String> functions = dialect.equals("mysql") ? MYSQL_FUNCTIONS : SQLITE_FUNCTIONS;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Optional<Token> next = next(tokens, i);
      boolean call = next.isPresent() && next.get().is(Kind.SYMBOL, "(");
      switch (t.kind()) {
        case SPACE -> out.append(' ');
        case NUMBER -> out.append(t.text());
        case STRING -> out.append(literal(t.value()));
        case IDENTIFIER -> {
          if (call) {
            throw new ValueRejected("function " + t.text() + " is not translated");
          }
          out.append(column(table, t.value(), targetColumn));
        }
        case WORD -> {
          String word = t.text().toLowerCase(Locale.ROOT);
          boolean introducer =
              dialect.equals("mysql")
                  && word.startsWith("_")
                  && i + 1 < tokens.size()
                  && tokens.get(i + 1).kind() == Kind.STRING;
          if (introducer) {
            continue; // _utf8mb4'a': the character set of a literal, which PostgreSQL has no use
            // for
          }
          if (KEYWORDS.contains(word)) {
            out.append(word.toUpperCase(Locale.ROOT));
          } else if (call) {
            String function = functions.get(word);
            if (function == null) {
              throw new ValueRejected("function " + t.text() + " is not translated");
            }
            out.append(function);
          } else if (find(table, t.text()).isPresent()) {
            out.append(column(table, t.text(), targetColumn));
          } else {
            throw new ValueRejected(
                Identifiers.quote(t.text()) + " is neither a column of the table nor translated");
          }
        }
        case SYMBOL -> out.append(operator(t.text(), dialect));
      }
    }
    return out.toString().strip();
  }

  /**
   * Why a check need not be copied at all, if so: MariaDB declares its JSON columns as text with
   * {@code CHECK (json_valid(col))}, which a {@code jsonb} column already enforces.
   */
  static Optional<String> redundant(String condition, String dialect, Table table) {
    List<Token> tokens;
    try {
      tokens =
          unwrap(SqlTokens.of(condition, dialect)).stream()
              .filter(t -> t.kind() != Kind.SPACE)
              .toList();
    } catch (ValueRejected e) {
      return Optional.empty();
    }
    boolean jsonValid =
        tokens.size() == 4
            && tokens.get(0).is(Kind.WORD, "json_valid")
            && tokens.get(1).is(Kind.SYMBOL, "(")
            && (tokens.get(2).kind() == Kind.IDENTIFIER || tokens.get(2).kind() == Kind.WORD)
            && tokens.get(3).is(Kind.SYMBOL, ")");
    if (!jsonValid) {
      return Optional.empty();
    }
    return find(table, tokens.get(2).value())
        .filter(c -> c.pgType() == null && c.type().kind() == ColumnType.Kind.JSON)
        .map(
            c ->
                "column " + Identifiers.quote(c.name()) + " is jsonb, which holds only valid JSON");
  }

  /** {@code CHECK (condition)}, or {@code clause} as written when it already starts with CHECK. */
  static String checkClause(String clause) {
    String s = clause.strip();
    return CHECK_KEYWORD.matcher(s).matches() ? s : "CHECK (" + s + ")";
  }

  private static String operator(String symbol, String dialect) throws ValueRejected {
    if (OPERATORS.contains(symbol)) {
      return symbol;
    }
    if (dialect.equals("sqlite") && SQLITE_OPERATORS.contains(symbol)) {
      return symbol;
    }
    if (dialect.equals("sqlite") && symbol.equals("==")) {
      return "=";
    }
    throw new ValueRejected("operator " + symbol + " is not translated");
  }

  private static String literal(String text) throws ValueRejected {
    if (text.indexOf('\0') >= 0) {
      throw new ValueRejected("a string holds a NUL character, which PostgreSQL refuses");
    }
    return Identifiers.literal(text);
  }

  /** MySQL and SQLite compare column names without regard to case. */
  private static String column(Table table, String name, Function<String, String> targetColumn)
      throws ValueRejected {
    Optional<Column> c = find(table, name);
    if (c.isEmpty()) {
      throw new ValueRejected(Identifiers.quote(name) + " is not a column of the table");
    }
    return targetColumn.apply(c.get().name());
  }

  private static Optional<Column> find(Table table, String name) {
    return table
        .column(name)
        .or(
            () -> {
              List<Column> same =
                  table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).toList();
              return same.size() == 1 ? Optional.of(same.get(0)) : Optional.empty();
            });
  }

  private static Optional<Token> next(List<Token> tokens, int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (tokens.get(j).kind() != Kind.SPACE) {
        return Optional.of(tokens.get(j));
      }
    }
    return Optional.empty();
  }

  /** Without surrounding space and parentheses that enclose everything: {@code ((a > 0))}. */
  private static List<Token> unwrap(List<Token> tokens) {
    List<Token> t = new ArrayList<>(tokens);
    while (true) {
      while (!t.isEmpty() && t.get(0).kind() == Kind.SPACE) {
        t.remove(0);
      }
      while (!t.isEmpty() && t.get(t.size() - 1).kind() == Kind.SPACE) {
        t.remove(t.size() - 1);
      }
      if (t.size() < 2 || !t.get(0).is(Kind.SYMBOL, "(") || closing(t) != t.size() - 1) {
        return t;
      }
      t = new ArrayList<>(t.subList(1, t.size() - 1));
    }
  }

  /** The index of the parenthesis that closes the one at index 0, or -1. */
  private static int closing(List<Token> t) {
    int depth = 0;
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).is(Kind.SYMBOL, "(")) {
        depth++;
      } else if (t.get(i).is(Kind.SYMBOL, ")") && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
