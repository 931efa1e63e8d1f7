package dev.ferry.schemas.document;

import dev.ferry.schemas.document.BsonTypes.Category;
import dev.ferry.schemas.document.FlattenSpec.As;
import dev.ferry.schemas.document.FlattenSpec.Rule;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.Locale;
import java.util.Set;

/**
 * What a path's {@link Rule} allows, read against what sampling saw there: the cast it names, the
 * structure its {@code as} picks, and the one-line errors for rules that contradict the shape.
 */
final class PathRules {

  private PathRules() {}

  /**
   * The structure a rule's {@code as} picks among mixed types ({@code as: table} on a path that
   * held objects and, in some documents, a string): null when the path has no {@code as}.
   */
  static Category structureByRule(Rule rule, Set<Category> cats, String shown, String seen) {
    if (rule == null || rule.as() == null) {
      return null;
    }
    boolean objects = cats.contains(Category.DOCUMENT);
    boolean arrays = cats.contains(Category.ARRAY);
    return switch (rule.as()) {
      case COLUMNS -> {
        if (!objects) {
          throw bad(shown, "as: columns is for objects; none seen here (" + seen + ")");
        }
        yield Category.DOCUMENT;
      }
      case ARRAY -> {
        if (!arrays) {
          throw bad(shown, "as: array is for arrays; none seen here (" + seen + ")");
        }
        yield Category.ARRAY;
      }
      case TABLE -> {
        if (objects && arrays) {
          throw bad(
              shown,
              seen + " seen: as: table fits both objects and arrays; keep it whole (json: true)");
        }
        yield objects ? Category.DOCUMENT : Category.ARRAY;
      }
    };
  }

  static ColumnType cast(Rule rule, String shown) {
    if (rule == null || rule.cast() == null) {
      return null;
    }
    try {
      return ColumnType.parse(rule.cast());
    } catch (IllegalArgumentException e) {
      throw bad(shown, "has a bad cast: " + e.getMessage());
    }
  }

  static boolean isJson(ColumnType cast) {
    return cast != null && cast.kind() == Kind.JSON;
  }

  static void structureHasNoCast(ColumnType cast, String shown) {
    if (cast != null) {
      throw bad(
          shown,
          "holds objects or arrays of them; cast takes scalars and arrays of scalars (json: true"
              + " keeps the whole value)");
    }
  }

  static String spelled(As as) {
    return as.name().toLowerCase(Locale.ROOT);
  }

  static IllegalArgumentException bad(String path, String what) {
    return new IllegalArgumentException("flatten path " + path + " " + what);
  }
}
