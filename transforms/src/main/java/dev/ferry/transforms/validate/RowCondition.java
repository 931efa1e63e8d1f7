package dev.ferry.transforms.validate;

import java.io.Serializable;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The {@code when} part of a rule, read against a row schema: the rows the rule's other checks
 * apply to. A row matches when every named column's text form ({@link ValueText#of}, as {@code in}
 * compares) equals the given value read in that column's type, so {@code 1.0} matches an integer 1
 * and {@code yes} a boolean true. A NULL in a named column does not match.
 */
final class RowCondition implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The condition of a rule without {@code when}: every row matches. */
  static final RowCondition ALWAYS = new RowCondition(new int[0], new String[0]);

  private final int[] indexes;
  private final String[] texts;

  private RowCondition(int[] indexes, String[] texts) {
    this.indexes = indexes;
    this.texts = texts;
  }

  /**
   * Reads {@code when} (column → value; null or empty for every row) against rows of {@code
   * schema}.
   *
   * @param where how errors start, e.g. {@code "rule for identities.number: "}
   * @throws IllegalArgumentException in one line when a column does not exist, has no text form, or
   *     a value is not a value of its column's type
   */
  static RowCondition compile(String where, String table, Map<String, String> when, Schema schema) {
    if (when == null || when.isEmpty()) {
      return ALWAYS;
    }
    int[] indexes = new int[when.size()];
    String[] texts = new String[when.size()];
    int i = 0;
    for (Map.Entry<String, String> e : when.entrySet()) {
      int index = schema.getFieldNames().indexOf(e.getKey());
      if (index < 0) {
        throw new IllegalArgumentException(
            where + "when: " + ColumnLookup.missing(table, schema.getFieldNames(), e.getKey()));
      }
      ValueKind kind = ValueKind.of(schema.getField(index).getType());
      String name = "when " + e.getKey();
      RuleCheck.requireText(where, name, kind);
      indexes[i] = index;
      texts[i] = ValueText.of(RuleCheck.parse(where, name, e.getValue(), kind));
      i++;
    }
    return new RowCondition(indexes, texts);
  }

  /** Whether the rule applies to {@code row}. */
  boolean holds(Row row) {
    for (int i = 0; i < indexes.length; i++) {
      Object v = row.getValue(indexes[i]);
      if (v == null || !texts[i].equals(ValueText.of(v))) {
        return false;
      }
    }
    return true;
  }
}
