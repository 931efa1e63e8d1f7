package dev.ferry.transforms.validate;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What one column's values must look like, as a job file's {@code rules} states it. A NULL value
 * passes every part except {@code notNull}, as in SQL, where a CHECK constraint on NULL is not
 * false.
 *
 * <pre>{@code
 * ColumnRule.of("email").withNotNull(true).withRegex("[^@]+@[^@]+")
 * }</pre>
 *
 * @param column the column the rule is about
 * @param notNull the value must not be NULL
 * @param type the value must convert to this type without loss (text holding dates, a decimal that
 *     must fit {@code decimal(10,2)}), or null for no such check
 * @param min the smallest allowed value, written as a value of the column's own type (numbers
 *     compare by value, times chronologically, text by {@link String#compareTo}), or null
 * @param max the largest allowed value, read like {@code min}, or null
 * @param regex a pattern the value's whole text form must match ({@link
 *     java.util.regex.Matcher#matches()}, not {@code find()}: {@code a+} rejects {@code "xa"}), or
 *     null
 * @param in the allowed values, compared with the value's text form (numbers without trailing
 *     zeros, {@code true}/{@code false}, ISO-8601 times), or null for any value
 * @param unique no two rows may share the value; {@link RejectDuplicates} enforces it, {@link
 *     ValidateRows} ignores it
 */
public record ColumnRule(
    String column,
    boolean notNull,
    ColumnType type,
    String min,
    String max,
    String regex,
    List<String> in,
    boolean unique)
    implements Serializable {

  public ColumnRule {
    Objects.requireNonNull(column, "column");
    if (in != null && in.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(
          "rule for " + column + ": in lists null; NULL always passes, use not_null to forbid it");
    }
    in = in == null ? null : List.copyOf(in);
  }

  /** A rule on {@code column} that allows every value, to add checks to with the {@code with…}s. */
  public static ColumnRule of(String column) {
    return new ColumnRule(column, false, null, null, null, null, null, false);
  }

  public ColumnRule withNotNull(boolean newNotNull) {
    return new ColumnRule(column, newNotNull, type, min, max, regex, in, unique);
  }

  public ColumnRule withType(ColumnType newType) {
    return new ColumnRule(column, notNull, newType, min, max, regex, in, unique);
  }

  public ColumnRule withMin(String newMin) {
    return new ColumnRule(column, notNull, type, newMin, max, regex, in, unique);
  }

  public ColumnRule withMax(String newMax) {
    return new ColumnRule(column, notNull, type, min, newMax, regex, in, unique);
  }

  public ColumnRule withRegex(String newRegex) {
    return new ColumnRule(column, notNull, type, min, max, newRegex, in, unique);
  }

  public ColumnRule withIn(List<String> newIn) {
    return new ColumnRule(column, notNull, type, min, max, regex, newIn, unique);
  }

  public ColumnRule withUnique(boolean newUnique) {
    return new ColumnRule(column, notNull, type, min, max, regex, in, newUnique);
  }

  /**
   * Checks the rule against the table it is for, so a bad job file fails before any data moves.
   *
   * @throws IllegalArgumentException in one line: the column does not exist, the regex does not
   *     compile, {@code min}/{@code max}/{@code in} are not values of the column's type or do not
   *     apply to it, {@code min > max}, or {@code in} is empty
   */
  public void check(Table table) {
    RuleCheck.compile(table.name(), this, BeamSchemas.of(table.columns()));
  }
}
