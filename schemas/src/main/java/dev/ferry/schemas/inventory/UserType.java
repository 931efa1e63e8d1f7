package dev.ferry.schemas.inventory;

import java.io.Serializable;
import java.util.List;

/**
 * A type the source database defines and its columns use: a PostgreSQL enum or domain. A PostgreSQL
 * target recreates it in the target schema before the tables that use it.
 *
 * @param name the type's name, unqualified
 * @param labels an enum's labels in their order; empty for a domain
 * @param baseType a domain's underlying type as PostgreSQL prints it ({@code numeric(10,2)}); null
 *     for an enum
 * @param notNull whether a domain forbids NULL
 * @param defaultValue a domain's default expression, or null
 * @param checks a domain's CHECK conditions as PostgreSQL prints them ({@code CHECK (VALUE > 0)})
 */
public record UserType(
    String name,
    Kind kind,
    List<String> labels,
    String baseType,
    boolean notNull,
    String defaultValue,
    List<String> checks)
    implements Serializable {

  /** What the type is. */
  public enum Kind {
    ENUM,
    DOMAIN
  }

  public UserType {
    labels = List.copyOf(labels);
    checks = List.copyOf(checks);
  }

  public static UserType enumType(String name, List<String> labels) {
    return new UserType(name, Kind.ENUM, labels, null, false, null, List.of());
  }
}
