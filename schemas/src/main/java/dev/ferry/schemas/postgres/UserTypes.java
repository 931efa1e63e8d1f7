package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import dev.ferry.schemas.postgres.SqlTokens.Kind;
import dev.ferry.schemas.postgres.SqlTokens.Token;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ValueRejected;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The enums and domains of a PostgreSQL source that the copied tables use, in an order PostgreSQL
 * can create them (a domain after the types it is built on or casts to), and the statements that
 * create them.
 *
 * <p>Each statement is a {@code DO} block that creates the type only when the target has no type of
 * that name, so the same plan runs again in {@code append} and {@code upsert} modes. A type that
 * exists is kept as it is: if it lacks a label the source has, rows with that label are refused one
 * by one during the load.
 */
final class UserTypes {

  private static final Pattern ARRAY_SUFFIX = Pattern.compile("(\\s*\\[\\d*\\])+$");

  private final Map<String, UserType> all = new LinkedHashMap<>();
  private final List<UserType> used = new ArrayList<>();

  UserTypes(List<UserType> types, List<Table> tables) {
    types.forEach(t -> all.putIfAbsent(t.name(), t));
    Set<String> referenced = new HashSet<>();
    for (Table t : tables) {
      for (Column c : t.columns()) {
        if (c.pgType() != null) {
          referencedName(c.pgType()).ifPresent(referenced::add);
        }
      }
    }
    Set<String> visited = new HashSet<>();
    for (UserType t : all.values()) {
      if (referenced.contains(t.name())) {
        visit(t, visited);
      }
    }
  }

  /** Adds {@code t} after everything it needs, depth first. */
  private void visit(UserType t, Set<String> visited) {
    if (!visited.add(t.name())) {
      return;
    }
    for (String dependency : dependencies(t)) {
      UserType d = all.get(dependency);
      if (d != null) {
        visit(d, visited);
      }
    }
    used.add(t);
  }

  private static List<String> dependencies(UserType t) {
    List<String> names = new ArrayList<>();
    if (t.baseType() != null) {
      referencedName(t.baseType()).ifPresent(names::add);
    }
    if (t.defaultValue() != null) {
      names.addAll(castTargets(t.defaultValue()));
    }
    t.checks().forEach(c -> names.addAll(castTargets(c)));
    return names;
  }

  /** The source's types the tables use, each after the types it depends on. */
  List<UserType> used() {
    return List.copyOf(used);
  }

  /** The names of {@link #used()}. */
  List<String> usedNames() {
    return used.stream().map(UserType::name).toList();
  }

  /**
   * The type name {@code pgType} refers to, without schema and array brackets: {@code mood} for
   * {@code mood}, {@code "public".mood[]} or {@code mood[][]}; empty when it is not a plain name
   * ({@code numeric(10,2)}, {@code character varying}).
   */
  static Optional<String> referencedName(String pgType) {
    String base = ARRAY_SUFFIX.matcher(pgType.strip()).replaceFirst("");
    List<Token> tokens;
    try {
      tokens = SqlTokens.of(base, "postgres");
    } catch (ValueRejected e) {
      return Optional.empty();
    }
    String name = null;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      boolean namePosition = i % 2 == 0;
      if (namePosition && (t.kind() == Kind.WORD || t.kind() == Kind.IDENTIFIER)) {
        name = nameOf(t);
      } else if (namePosition || !t.is(Kind.SYMBOL, ".")) {
        return Optional.empty();
      }
    }
    return tokens.size() % 2 == 1 ? Optional.ofNullable(name) : Optional.empty();
  }

  /** {@code []} or {@code [][]} after the name in {@code pgType}, or "". */
  static String arraySuffix(String pgType) {
    Matcher m = ARRAY_SUFFIX.matcher(pgType.strip());
    return m.find() ? m.group().replaceAll("\\s", "") : "";
  }

  /** PostgreSQL folds a bare name to lower case; a quoted one is taken as written. */
  private static String nameOf(Token t) {
    return t.kind() == Kind.WORD ? t.text().toLowerCase(Locale.ROOT) : t.value();
  }

  /** The names of the types {@code expression} casts to with {@code ::}. */
  static List<String> castTargets(String expression) {
    List<String> names = new ArrayList<>();
    qualifyCasts(
        expression,
        name -> {
          names.add(name);
          return Optional.empty();
        });
    return names;
  }

  /**
   * {@code expression} with every {@code ::name} whose name {@code qualified} knows replaced by the
   * qualified name it gives, so that {@code 'happy'::mood} finds the type in the target schema
   * whatever the session's search path. Returned as written when it cannot be read.
   */
  static String qualifyCasts(String expression, Function<String, Optional<String>> qualified) {
    List<Token> tokens;
    try {
      tokens = SqlTokens.of(expression, "postgres");
    } catch (ValueRejected e) {
      return expression;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      out.append(tokens.get(i).text());
      if (!tokens.get(i).is(Kind.SYMBOL, "::")) {
        continue;
      }
      int j = i + 1;
      if (j < tokens.size() && tokens.get(j).kind() == Kind.SPACE) {
        out.append(' ');
        j++;
      }
      int end = j;
      String name = null;
      while (end < tokens.size()
          && (tokens.get(end).kind() == Kind.WORD || tokens.get(end).kind() == Kind.IDENTIFIER)) {
        name = nameOf(tokens.get(end));
        if (end + 2 < tokens.size()
            && tokens.get(end + 1).is(Kind.SYMBOL, ".")
            && (tokens.get(end + 2).kind() == Kind.WORD
                || tokens.get(end + 2).kind() == Kind.IDENTIFIER)) {
          end += 2;
        } else {
          end++;
          break;
        }
      }
      Optional<String> target = name == null ? Optional.empty() : qualified.apply(name);
      if (target.isPresent()) {
        out.append(target.get());
        i = end - 1;
      } else {
        i = j - 1;
      }
    }
    return out.toString();
  }

  /**
   * The statement creating {@code t} as {@code qualifiedName}, when missing.
   *
   * @param qualified the qualified target name of a used type, empty for other names
   */
  static String create(
      UserType t, String qualifiedName, Function<String, Optional<String>> qualified) {
    return switch (t.kind()) {
      case ENUM -> createEnum(qualifiedName, t.labels());
      case DOMAIN -> ifMissing(qualifiedName, domain(t, qualifiedName, qualified));
    };
  }

  /** {@code CREATE TYPE … AS ENUM (…)} when the target has no type {@code qualifiedName}. */
  static String createEnum(String qualifiedName, List<String> labels) {
    return ifMissing(qualifiedName, "CREATE TYPE " + qualifiedName + " AS ENUM " + labels(labels));
  }

  /** {@code ('a', 'b')}. */
  static String labels(List<String> labels) {
    return labels.stream().map(Identifiers::literal).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String domain(
      UserType t, String qualifiedName, Function<String, Optional<String>> qualified) {
    StringBuilder b = new StringBuilder("CREATE DOMAIN ").append(qualifiedName).append(" AS ");
    b.append(qualifyType(t.baseType(), qualified));
    if (t.defaultValue() != null) {
      b.append(" DEFAULT ").append(qualifyCasts(t.defaultValue(), qualified));
    }
    if (t.notNull()) {
      b.append(" NOT NULL");
    }
    for (String check : t.checks()) {
      b.append(' ').append(PostgresChecks.checkClause(qualifyCasts(check, qualified)));
    }
    return b.toString();
  }

  /** {@code pgType} with a used type's name qualified, arrays kept; other types as written. */
  static String qualifyType(String pgType, Function<String, Optional<String>> qualified) {
    return referencedName(pgType)
        .flatMap(qualified)
        .map(q -> q + arraySuffix(pgType))
        .orElse(pgType);
  }

  /** Runs {@code ddl} only when {@code to_regtype} finds no type {@code qualifiedName}. */
  static String ifMissing(String qualifiedName, String ddl) {
    String body =
        "BEGIN\n  IF to_regtype("
            + Identifiers.literal(qualifiedName)
            + ") IS NULL THEN\n    "
            + ddl
            + ";\n  END IF;\nEND\n";
    return "DO " + Identifiers.dollarQuoted("\n" + body);
  }
}
