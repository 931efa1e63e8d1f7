package dev.ferry.schemas.convert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Column names that Avro, Parquet and Delta (without column mapping) all accept. Source columns may
 * hold spaces, dots, {@code ,;{}()=} or non-ASCII letters; lake files may not, so every name is
 * rewritten the same way everywhere (Avro schema, Parquet file, Delta schema, partition path): keep
 * {@code [A-Za-z0-9_]}, replace anything else with {@code _}, prefix {@code _} when the name starts
 * with a digit, and number collisions {@code _2}, {@code _3}… in column order.
 *
 * <p>Collisions are found ignoring case, because Delta resolves column names case-insensitively and
 * refuses {@code ID} next to {@code id}. The original name is kept in the Delta field metadata
 * under {@link #SOURCE_NAME_KEY}.
 *
 * <pre>{@code
 * LakeNames.of(List.of("Order Details", "order_details")) // [Order_Details, order_details_2]
 * }</pre>
 */
public final class LakeNames {

  /** Delta field metadata key holding a renamed column's source name. */
  public static final String SOURCE_NAME_KEY = "ferry.source_name";

  private LakeNames() {}

  /** One name made acceptable, without looking at other columns. */
  public static String sanitize(String name) {
    StringBuilder b = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean keep =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      b.append(keep ? c : '_');
    }
    if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
      b.insert(0, '_');
    }
    return b.toString();
  }

  /** The lake names of {@code names}, in the same order, unique ignoring case. */
  public static List<String> of(List<String> names) {
    Set<String> taken = new HashSet<>();
    List<String> out = new ArrayList<>(names.size());
    for (String name : names) {
      String base = sanitize(name);
      String candidate = base;
      for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
        candidate = base + "_" + n;
      }
      out.add(candidate);
    }
    return out;
  }

  /**
   * The columns whose lake name differs from their source name, source name → lake name in column
   * order; empty when nothing is renamed. {@code ferry plan} reports these.
   */
  public static Map<String, String> renames(List<String> names) {
    List<String> lake = of(names);
    Map<String, String> renamed = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).equals(lake.get(i))) {
        renamed.put(names.get(i), lake.get(i));
      }
    }
    return renamed;
  }
}
