package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ValueRejected;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The column lines of {@code CREATE TABLE}: name, type, default, NOT NULL and an enum's labels.
 *
 * <ul>
 *   <li>The type is the kept PostgreSQL type when the source gave one ({@link Column#pgType()}),
 *       with the name of a source type qualified by the target schema ({@code "shop"."mood"[]});
 *       else the enum type made for the column; else the logical type's {@link PostgresTypes}
 *       mapping.
 *   <li>A MySQL enum planned as {@link EnumStyle#CHECK} carries {@code CONSTRAINT … CHECK (col IN
 *       (…))} in its line, so a row with another value is refused during the load, by itself.
 * </ul>
 */
final class ColumnDefinitions {

  private final TargetNames names;
  private final String dialect;
  private final EnumStyle enumStyle;
  private final Set<String> userTypes;
  private final List<String> notes;

  /**
   * @param userTypes the names of the source's types the plan creates
   * @param notes where to say what was left out
   */
  ColumnDefinitions(
      TargetNames names,
      String dialect,
      EnumStyle enumStyle,
      List<String> userTypes,
      List<String> notes) {
    this.names = names;
    this.dialect = dialect;
    this.enumStyle = enumStyle;
    this.userTypes = Set.copyOf(userTypes);
    this.notes = notes;
  }

  /**
   * Key columns are NOT NULL from the start, so a row with a NULL key is rejected on its own during
   * the load instead of failing the primary key afterwards (SQLite lets such rows in).
   */
  String definition(Table t, Column c, boolean inKey) {
    String column = names.column(t.name(), c.name());
    StringBuilder b = new StringBuilder(column).append(' ').append(type(t, c));
    try {
      PostgresDefaults.of(c, dialect).ifPresent(d -> b.append(" DEFAULT ").append(d));
    } catch (ValueRejected e) {
      notes.add("skipped the default of " + where(t, c) + ": " + e.getMessage());
    }
    if (!c.nullable() || inKey) {
      b.append(" NOT NULL");
    }
    EnumStyle.Use use = enumStyle.use(c);
    if (use == EnumStyle.Use.CHECK) {
      b.append(" CONSTRAINT ")
          .append(names.enumCheck(t.name(), c.name()))
          .append(" CHECK (")
          .append(column)
          .append(" IN ")
          .append(UserTypes.labels(c.enumValues()))
          .append(')');
      if (enumStyle == EnumStyle.TYPE) {
        notes.add(
            "enum column "
                + where(t, c)
                + " keeps a CHECK of its labels instead of a type: label "
                + EnumStyle.tooLongLabel(c).orElseThrow()
                + " is longer than PostgreSQL's 63 bytes");
      }
    } else if (use == EnumStyle.Use.CAST_AWAY) {
      notes.add(
          "the labels of enum column "
              + where(t, c)
              + " are not checked: it is cast to "
              + c.type());
    }
    return b.toString();
  }

  /** The PostgreSQL type of {@code c}, as written in DDL. */
  String type(Table t, Column c) {
    if (c.pgType() != null) {
      return UserTypes.qualifyType(c.pgType(), this::userType);
    }
    if (enumStyle.use(c) == EnumStyle.Use.TYPE) {
      return names.enumType(t.name(), c.name());
    }
    return PostgresTypes.map(c.type());
  }

  /** Whether {@code c}'s type is its own (a kept PostgreSQL type or an enum type of its own). */
  boolean hasOwnType(Column c) {
    return c.pgType() != null || enumStyle.use(c) == EnumStyle.Use.TYPE;
  }

  /** The qualified target name of a source type the plan creates. */
  Optional<String> userType(String name) {
    return userTypes.contains(name) ? Optional.of(names.type(name)) : Optional.empty();
  }

  private static String where(Table t, Column c) {
    return Identifiers.quote(t.name()) + "." + Identifiers.quote(c.name());
  }
}
