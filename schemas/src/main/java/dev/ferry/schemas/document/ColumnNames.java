package dev.ferry.schemas.document;

import dev.ferry.schemas.sql.Identifiers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names of flattened columns and tables, unique in their namespace whatever the documents hold.
 * Keys are joined by {@code _} ({@code address.city} → {@code address_city}) and otherwise kept as
 * they are (dots, blanks, {@code $}, case), since ferry quotes every identifier; an empty key
 * becomes {@code _}. When two paths would get the same name ({@code a.b} and a key {@code a_b}),
 * the names are settled the same way whatever order sampling saw the fields in:
 *
 * <ol>
 *   <li>names ferry makes itself (keys, {@code _extra}, {@code value}) and names given by {@code
 *       rename} are taken first; a rename that collides with one of them or with another rename is
 *       an error in the job file;
 *   <li>of the paths that want the same name, the one with fewer keys gets it, then the one whose
 *       keys sort first;
 *   <li>the others get the first of {@code _2}, {@code _3}… that is free, in the same order, each
 *       said in a note.
 * </ol>
 *
 * <p>PostgreSQL's 63-byte limit is left to {@code PostgresDdl}, which shortens long names the same
 * way every run.
 */
final class ColumnNames {

  /**
   * A path that wants a name.
   *
   * @param explicit whether the job file gave the name ({@code rename}, the root table's name)
   * @param keys the path's keys, which order the claims
   * @param shown the path for messages
   */
  record Claim(String name, boolean explicit, List<String> keys, String shown) {}

  private static final Comparator<Claim> ORDER =
      Comparator.comparingInt((Claim c) -> c.keys().size())
          .thenComparing(Claim::keys, ColumnNames::compareKeys);

  private ColumnNames() {}

  /** The name a path's keys ask for: the keys joined by {@code _}, empty keys as {@code _}. */
  static String join(List<String> keys) {
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      parts.add(k.isEmpty() ? "_" : k);
    }
    return String.join("_", parts);
  }

  /**
   * A name per claim, in the claims' order.
   *
   * @param reserved names taken before any claim
   * @param what what the names are, for messages: {@code table}, or {@code column of table "x"}
   * @param notes where each name that had to change is said
   * @throws IllegalArgumentException when an explicit name is reserved or given twice
   */
  static List<String> resolve(
      List<Claim> claims, Set<String> reserved, String what, List<String> notes) {
    Set<String> taken = new HashSet<>(reserved);
    Map<String, Claim> explicit = new HashMap<>();
    String[] names = new String[claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      if (!c.explicit()) {
        continue;
      }
      if (reserved.contains(c.name())) {
        throw new IllegalArgumentException(
            "flatten: "
                + c.shown()
                + " is renamed to "
                + Identifiers.quote(c.name())
                + ", a "
                + what
                + " that ferry makes itself: choose another name");
      }
      Claim before = explicit.putIfAbsent(c.name(), c);
      if (before != null) {
        throw new IllegalArgumentException(
            "flatten: "
                + before.shown()
                + " and "
                + c.shown()
                + " are both named "
                + Identifiers.quote(c.name())
                + " ("
                + what
                + "): give one of them another name");
      }
      taken.add(c.name());
      names[i] = c.name();
    }
    List<Integer> implicit = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      if (names[i] == null) {
        implicit.add(i);
      }
    }
    implicit.sort(Comparator.comparing(claims::get, ORDER));
    List<Integer> losers = new ArrayList<>();
    for (int i : implicit) {
      if (taken.add(claims.get(i).name())) {
        names[i] = claims.get(i).name();
      } else {
        losers.add(i);
      }
    }
    for (int i : losers) {
      Claim c = claims.get(i);
      String name = c.name();
      for (int n = 2; !taken.add(name); n++) {
        name = c.name() + "_" + n;
      }
      names[i] = name;
      notes.add(
          c.shown()
              + ": named "
              + Identifiers.quote(name)
              + " ("
              + what
              + ") because "
              + Identifiers.quote(c.name())
              + " is taken");
    }
    return List.of(names);
  }

  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
