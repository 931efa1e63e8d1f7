package dev.ferry.transforms.verify;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;

/**
 * One row-level difference between a source table and its target, found by a drill-down into a
 * differing chunk.
 *
 * @param kind missing in the target, extra in the target, changed, or an orphan
 * @param key the row's key for people ({@code id=42}); for a table without a key, its values
 * @param columns for {@link Kind#CHANGED}: the columns whose values differ, in column order
 * @param detail for {@link Kind#CHANGED}: each such column's value on both sides; for {@link
 *     Kind#ORPHAN}: the foreign key and its value
 */
public record RowDiff(Kind kind, String key, List<String> columns, String detail)
    implements Serializable {

  public static final Coder<RowDiff> CODER = SerializableCoder.of(RowDiff.class);

  /** Between column names in a {@link #line()}: the unit separator, which no name holds. */
  private static final String COLUMNS = "\u001f";

  public enum Kind {
    MISSING,
    EXTRA,
    CHANGED,
    /** A target row whose foreign key finds no parent row in the target. */
    ORPHAN,
    /**
     * A source row missing in the target because the target refused it when it was written: it is
     * in the target's dead letters, so the load accounted for it.
     */
    REJECTED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RowDiff {
    columns = List.copyOf(columns);
  }

  static RowDiff missing(String key) {
    return new RowDiff(Kind.MISSING, key, List.of(), "");
  }

  static RowDiff extra(String key) {
    return new RowDiff(Kind.EXTRA, key, List.of(), "");
  }

  /** The differences between {@code source} and {@code target}, rows of the same key. */
  static RowDiff changed(RowImage source, RowImage target, List<String> names) {
    List<String> columns = new ArrayList<>();
    List<String> details = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (!source.sameAt(target, i)) {
        columns.add(names.get(i));
        details.add(names.get(i) + " " + source.shown()[i] + " → " + target.shown()[i]);
      }
    }
    return new RowDiff(Kind.CHANGED, source.key(), columns, String.join(", ", details));
  }

  static RowDiff rejected(String key) {
    return new RowDiff(Kind.REJECTED, key, List.of(), "refused by the target, in its dead letters");
  }

  static RowDiff orphan(String key, List<String> columns, String detail) {
    return new RowDiff(Kind.ORPHAN, key, columns, detail);
  }

  /**
   * One line a person reads and {@link #parse} reads back: {@code changed id=17: total 12.50 →
   * 12.00}. Fields are tab-separated inside, so keys and values may hold spaces.
   */
  public String line() {
    return kind.label() + "\t" + key + "\t" + String.join(COLUMNS, columns) + "\t" + detail;
  }

  /** The difference {@link #line()} wrote. */
  public static RowDiff parse(String line) {
    String[] f = line.split("\t", 4);
    return new RowDiff(
        Kind.valueOf(f[0].toUpperCase(Locale.ROOT)),
        f[1],
        f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split(COLUMNS)),
        f.length > 3 ? f[3] : "");
  }

  /** For people: {@code missing id=5}, {@code changed id=17: total 12.50 → 12.00}. */
  public String text() {
    return kind.label() + " " + key + (detail.isEmpty() ? "" : ": " + detail);
  }
}
