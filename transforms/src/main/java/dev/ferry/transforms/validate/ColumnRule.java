package dev.ferry.transforms.validate;

import static java.util.Collections.unmodifiableMap;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param checkDigits the value's digits must carry valid check digits of this scheme (text columns;
 *     integer columns for {@link CheckDigits#LUHN}), or null
 * @param when the other parts apply only to rows where each of these columns (of the same table)
 *     holds the given value, compared like {@code in}; a NULL there means the rule does not apply.
 *     Null or empty for every row. Not with {@code unique}
 * @param ascending the non-null values must strictly increase from row to row, in the order of a
 *     document's array: {@link AscendingCheck} checks the rows of one parent, {@link ValidateRows}
 *     ignores it
 */
public record ColumnRule(
    String column,
    boolean notNull,
    ColumnType type,
    String min,
    String max,
    String regex,
    List<String> in,
    boolean unique,
    CheckDigits checkDigits,
    Map<String, String> when,
    boolean ascending)
    implements Serializable {

  public ColumnRule {
    Objects.requireNonNull(column, "column");
    if (in != null && in.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(
          "rule for " + column + ": in lists null; NULL always passes, use not_null to forbid it");
    }
    in = in == null ? null : List.copyOf(in);
    if (when != null && when.values().stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(
          "rule for " + column + ": when has a column without a value; a NULL never matches");
    }
    // Kept in the order given, so plans and reasons list the columns as the job file does.
    when = when == null || when.isEmpty() ? null : unmodifiableMap(new LinkedHashMap<>(when));
  }

  /** A rule on {@code column} that allows every value, to add checks to with the {@code with…}s. */
  public static ColumnRule of(String column) {
    return new ColumnRule(column, false, null, null, null, null, null, false, null, null, false);
  }

  public ColumnRule withNotNull(boolean newNotNull) {
    return new ColumnRule(
        column, newNotNull, type, min, max, regex, in, unique, checkDigits, when, ascending);
  }

  public ColumnRule withType(ColumnType newType) {
    return new ColumnRule(
        column, notNull, newType, min, max, regex, in, unique, checkDigits, when, ascending);
  }

  public ColumnRule withMin(String newMin) {
    return new ColumnRule(
        column, notNull, type, newMin, max, regex, in, unique, checkDigits, when, ascending);
  }

  public ColumnRule withMax(String newMax) {
    return new ColumnRule(
        column, notNull, type, min, newMax, regex, in, unique, checkDigits, when, ascending);
  }

  public ColumnRule withRegex(String newRegex) {
    return new ColumnRule(
        column, notNull, type, min, max, newRegex, in, unique, checkDigits, when, ascending);
  }

  public ColumnRule withIn(List<String> newIn) {
    return new ColumnRule(
        column, notNull, type, min, max, regex, newIn, unique, checkDigits, when, ascending);
  }

  public ColumnRule withUnique(boolean newUnique) {
    return new ColumnRule(
        column, notNull, type, min, max, regex, in, newUnique, checkDigits, when, ascending);
  }

  public ColumnRule withCheckDigits(CheckDigits newCheckDigits) {
    return new ColumnRule(
        column, notNull, type, min, max, regex, in, unique, newCheckDigits, when, ascending);
  }

  public ColumnRule withWhen(Map<String, String> newWhen) {
    return new ColumnRule(
        column, notNull, type, min, max, regex, in, unique, checkDigits, newWhen, ascending);
  }

  public ColumnRule withAscending(boolean newAscending) {
    return new ColumnRule(
        column, notNull, type, min, max, regex, in, unique, checkDigits, when, newAscending);
  }

  /**
   * Checks the rule against the table it is for, so a bad job file fails before any data moves.
   *
   * @throws IllegalArgumentException in one line: the column or a {@code when} column does not
   *     exist, the regex does not compile, {@code min}/{@code max}/{@code in}/{@code when} values
   *     are not values of their column's type or do not apply to it, {@code min > max}, {@code in}
   *     is empty, {@code checkDigits} is on a column that is neither text nor (for Luhn) integer,
   *     {@code ascending} is on a column without order, or {@code when} comes with {@code unique}
   */
  public void check(Table table) {
    RuleCheck.compile(table.name(), this, BeamSchemas.of(table.columns()));
  }
}
