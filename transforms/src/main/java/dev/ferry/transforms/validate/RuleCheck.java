package dev.ferry.transforms.validate;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.schemas.types.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.values.Row;

/**
 * A {@link ColumnRule} read against a row schema: the field found, bounds parsed into the column's
 * kind, the pattern compiled, the {@code when} columns found. The {@code unique} and {@code
 * ascending} parts compare rows with each other and are checked elsewhere. Building one is how a
 * rule's config is checked; a DoFn builds its own in {@code @Setup} and reuses it for every row,
 * which is why this is not serializable.
 */
final class RuleCheck {

  private static final Set<TypeName> INTEGERS =
      Set.of(TypeName.BYTE, TypeName.INT16, TypeName.INT32, TypeName.INT64);

  private final String column;
  private final int index;
  private final boolean notNull;
  private final ColumnType type;
  private final Object min;
  private final Object max;
  private final Pattern regex;
  private final Set<String> in;
  private final String inShown;
  private final CheckDigits checkDigits;
  private final RowCondition when;

  private RuleCheck(
      String column,
      int index,
      boolean notNull,
      ColumnType type,
      Object min,
      Object max,
      Pattern regex,
      Set<String> in,
      String inShown,
      CheckDigits checkDigits,
      RowCondition when) {
    this.column = column;
    this.index = index;
    this.notNull = notNull;
    this.type = type;
    this.min = min;
    this.max = max;
    this.regex = regex;
    this.in = in;
    this.inShown = inShown;
    this.checkDigits = checkDigits;
    this.when = when;
  }

  /**
   * Reads {@code rule} against the rows of {@code table}.
   *
   * @throws IllegalArgumentException with a one-line reason when the rule cannot apply
   */
  static RuleCheck compile(String table, ColumnRule rule, Schema schema) {
    int index = ColumnLookup.indexOf("rule for", table, schema.getFieldNames(), rule.column());
    FieldType fieldType = schema.getField(index).getType();
    ValueKind kind = ValueKind.of(fieldType);
    String where = "rule for " + table + "." + rule.column() + ": ";
    RowCondition when = RowCondition.compile(where, table, rule.when(), schema);
    if (rule.when() != null && rule.unique()) {
      throw new IllegalArgumentException(
          where
              + "when does not apply to unique, which compares every row of the table;"
              + " give unique a rule of its own");
    }
    if (rule.ascending() && !kind.ordered()) {
      throw new IllegalArgumentException(
          where + "ascending does not apply to " + kind.label() + " column, which has no order");
    }
    checkDigitsApply(where, rule.checkDigits(), fieldType, kind);
    Object min = bound(where, "min", rule.min(), kind);
    Object max = bound(where, "max", rule.max(), kind);
    if (min != null && max != null && ValueOrder.compare(min, max) > 0) {
      throw new IllegalArgumentException(
          where
              + "min "
              + ValueText.shown(min)
              + " is greater than max "
              + ValueText.shown(max)
              + ", so no value could pass");
    }
    Set<String> in = null;
    String inShown = null;
    if (rule.in() != null) {
      requireText(where, "in", kind);
      if (rule.in().isEmpty()) {
        throw new IllegalArgumentException(
            where + "in is empty, so every non-null value would fail; list the allowed values");
      }
      in = new HashSet<>();
      List<String> shown = new ArrayList<>();
      for (String text : rule.in()) {
        Object value = parse(where, "in", text, kind);
        in.add(ValueText.of(value));
        shown.add(ValueText.shown(value));
      }
      inShown = "[" + String.join(", ", shown) + "]";
    }
    return new RuleCheck(
        rule.column(),
        index,
        rule.notNull(),
        rule.type(),
        min,
        max,
        pattern(where, rule.regex(), kind),
        in,
        inShown,
        rule.checkDigits(),
        when);
  }

  /** Adds to {@code broken} one reason per part of the rule that {@code row} breaks. */
  void check(Row row, List<String> broken) {
    if (!when.holds(row)) {
      return;
    }
    Object v = row.getValue(index);
    if (v == null) {
      if (notNull) {
        broken.add(column + ": NULL is not allowed");
      }
      return;
    }
    if (type != null) {
      String why = conversionFailure(v);
      if (why != null) {
        broken.add(column + ": " + why);
      }
    }
    if (min != null && ValueOrder.compare(v, min) < 0) {
      broken.add(
          column + ": " + ValueText.shown(v) + " is below the minimum " + ValueText.shown(min));
    }
    if (max != null && ValueOrder.compare(v, max) > 0) {
      broken.add(
          column + ": " + ValueText.shown(v) + " is above the maximum " + ValueText.shown(max));
    }
    if (regex != null && !regex.matcher(ValueText.of(v)).matches()) {
      broken.add(column + ": " + ValueText.shown(v) + " does not match " + regex.pattern());
    }
    if (in != null && !in.contains(ValueText.of(v))) {
      broken.add(column + ": " + ValueText.shown(v) + " is not one of " + inShown);
    }
    if (checkDigits != null) {
      String problem = checkDigitsProblem(v);
      if (problem != null) {
        broken.add(
            column
                + ": "
                + ValueText.shown(v)
                + " is not a valid "
                + checkDigits.label()
                + " ("
                + problem
                + ")");
      }
    }
  }

  /**
   * Text, and for Luhn integers too: CPF and CNPJ numbers keep their leading zeros only as text.
   */
  private static void checkDigitsApply(
      String where, CheckDigits scheme, FieldType fieldType, ValueKind kind) {
    if (scheme == null || kind == ValueKind.TEXT) {
      return;
    }
    boolean integer = INTEGERS.contains(fieldType.getTypeName());
    if (integer && scheme == CheckDigits.LUHN) {
      return;
    }
    throw new IllegalArgumentException(
        where
            + "check_digits "
            + scheme.name().toLowerCase(Locale.ROOT)
            + " does not apply to "
            + (integer ? "an integer" : kind.label())
            + " column; "
            + (integer
                ? scheme.label() + " numbers can start with 0, so they need a text column"
                : "it needs a text column (or an integer column, for luhn)"));
  }

  private String checkDigitsProblem(Object v) {
    if (v instanceof String s) {
      return checkDigits.problem(s);
    }
    long n = ((Number) v).longValue();
    return n < 0 ? "negative" : checkDigits.problem(Long.toString(n));
  }

  private static Object bound(String where, String name, String text, ValueKind kind) {
    if (text == null) {
      return null;
    }
    if (!kind.ordered()) {
      throw new IllegalArgumentException(
          where + name + " does not apply to " + kind.label() + " column, which has no order");
    }
    return parse(where, name, text, kind);
  }

  private static Pattern pattern(String where, String regex, ValueKind kind) {
    if (regex == null) {
      return null;
    }
    requireText(where, "regex", kind);
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          where
              + "regex '"
              + regex
              + "' does not compile: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
    }
  }

  static void requireText(String where, String name, ValueKind kind) {
    if (!kind.hasText()) {
      throw new IllegalArgumentException(
          where + name + " does not apply to " + kind.label() + " column");
    }
  }

  /** Reads config text as a value of the column's kind, so it compares with the column's values. */
  static Object parse(String where, String name, String text, ValueKind kind) {
    try {
      return switch (kind) {
        case NUMBER -> number(text);
        case BOOLEAN ->
            Values.fromText(text, ColumnType.of(ColumnType.Kind.BOOLEAN), ZoneOffset.UTC);
        case TEXT -> text;
        default -> Values.fromText(text, kind.timeType(), ZoneOffset.UTC);
      };
    } catch (ValueRejected e) {
      throw new IllegalArgumentException(where + name + " " + e.getMessage());
    }
  }

  private static BigDecimal number(String text) throws ValueRejected {
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new ValueRejected("'" + text + "' is not a number");
    }
  }

  /** Why {@code v} does not convert to the rule's type, or null when it does. */
  private String conversionFailure(Object v) {
    try {
      if (v instanceof String s) {
        Values.fromText(s, type, ZoneOffset.UTC);
      } else if (v instanceof Long
          || v instanceof Integer
          || v instanceof Short
          || v instanceof Byte) {
        Values.fromLong(((Number) v).longValue(), type);
      } else if (v instanceof Float f) {
        // The float's shortest decimal spelling, not its binary expansion: 0.1f is 0.1 here.
        Values.fromDouble(Double.parseDouble(f.toString()), type);
      } else if (v instanceof Double d) {
        Values.fromDouble(d, type);
      } else if (v instanceof BigDecimal d) {
        Values.fromDecimal(d, type);
      } else {
        return sameKindOrText(v);
      }
      return null;
    } catch (ValueRejected e) {
      return e.getMessage();
    }
  }

  /** Booleans, bytes and times convert only to their own kind or to text. */
  private String sameKindOrText(Object v) throws ValueRejected {
    ColumnType.Kind own = ownKind(v);
    if (own == type.kind()) {
      return null;
    }
    if (own != null && own != ColumnType.Kind.BYTES && type.kind() == ColumnType.Kind.STRING) {
      Values.fitLength(ValueText.of(v), type);
      return null;
    }
    String what = own == null ? v.getClass().getSimpleName() : ColumnType.of(own).toString();
    return ValueText.shown(v) + " is a " + what + " value, not a " + type;
  }

  private static ColumnType.Kind ownKind(Object v) {
    if (v instanceof Boolean) {
      return ColumnType.Kind.BOOLEAN;
    }
    if (v instanceof byte[]) {
      return ColumnType.Kind.BYTES;
    }
    if (v instanceof LocalDate) {
      return ColumnType.Kind.DATE;
    }
    if (v instanceof LocalTime) {
      return ColumnType.Kind.TIME;
    }
    if (v instanceof Instant) {
      return ColumnType.Kind.TIMESTAMP;
    }
    if (v instanceof LocalDateTime) {
      return ColumnType.Kind.TIMESTAMP_LOCAL;
    }
    return null;
  }
}
