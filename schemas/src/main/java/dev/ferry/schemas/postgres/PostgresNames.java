package dev.ferry.schemas.postgres;

import dev.ferry.schemas.sql.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Target names for one PostgreSQL namespace (the columns of a table, or the tables, indexes,
 * constraints and sequences of a schema). PostgreSQL cuts identifiers to 63 bytes, so two long
 * source names that share their first 63 bytes would silently become one; ferry renames instead,
 * the same way every run:
 *
 * <ul>
 *   <li>a name of at most 63 UTF-8 bytes is kept;
 *   <li>a longer one is cut at a character boundary to at most 54 bytes, followed by {@code _} and
 *       the first 8 hex digits of the SHA-256 of the whole name;
 *   <li>a name already taken (the same name given twice, as MySQL index names can be across tables)
 *       gets {@code _2}, {@code _3}… before that rule.
 * </ul>
 *
 * <p>Names that fit claim themselves first, so a kept name never loses to a renamed one. Quote the
 * result with {@link #quote(String)}: always quoted, reserved words, mixed case and spaces work.
 *
 * <pre>{@code
 * PostgresNames names = PostgresNames.of(List.of("id", "a_name_of_seventy_bytes…"));
 * names.get("id"); // "id"
 * names.renames(); // [Rename[from=a_name_of_seventy_bytes…, to=a_name_of_sev…_1f0c9a2b]]
 * }</pre>
 */
public final class PostgresNames {

  /** PostgreSQL's identifier limit ({@code NAMEDATALEN - 1}), in bytes of the UTF-8 encoding. */
  public static final int MAX_BYTES = 63;

  private static final int HASH_HEX_DIGITS = 8;
  private static final int KEPT_BYTES = MAX_BYTES - 1 - HASH_HEX_DIGITS;

  /** A name that changed, for {@code ferry plan} and run reports. */
  public record Rename(String from, String to) {

    /** Why it changed, in words for a report. */
    public String reason() {
      return bytes(from) > MAX_BYTES
          ? "longer than " + MAX_BYTES + " bytes"
          : "the name is taken in the same namespace";
    }
  }

  private final List<String> sources;
  private final List<String> targets;

  private PostgresNames(List<String> sources, List<String> targets) {
    this.sources = List.copyOf(sources);
    this.targets = List.copyOf(targets);
  }

  /** The target names for {@code names}, one namespace, in their order. */
  public static PostgresNames of(List<String> names) {
    String[] targets = new String[names.size()];
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (bytes(name) <= MAX_BYTES && taken.add(name)) {
        targets[i] = name;
      }
    }
    for (int i = 0; i < names.size(); i++) {
      if (targets[i] == null) {
        String name = names.get(i);
        String candidate = fit(name);
        for (int n = 2; !taken.add(candidate); n++) {
          candidate = fit(name + "_" + n);
        }
        targets[i] = candidate;
      }
    }
    return new PostgresNames(names, Arrays.asList(targets));
  }

  /**
   * {@code name} when it fits in {@value #MAX_BYTES} bytes, else its cut form with a hash suffix;
   * looks at no other name.
   */
  public static String fit(String name) {
    if (bytes(name) <= MAX_BYTES) {
      return name;
    }
    StringBuilder kept = new StringBuilder();
    int used = 0;
    for (int i = 0; i < name.length(); ) {
      int codePoint = name.codePointAt(i);
      int size = bytes(new String(Character.toChars(codePoint)));
      if (used + size > KEPT_BYTES) {
        break;
      }
      kept.appendCodePoint(codePoint);
      used += size;
      i += Character.charCount(codePoint);
    }
    return kept + "_" + hash(name);
  }

  /** The target name of {@code name}; for a name given twice, that of its first occurrence. */
  public String get(String name) {
    int i = sources.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no target name for unknown name " + name);
    }
    return targets.get(i);
  }

  /** {@link #get(String)}, quoted for PostgreSQL. */
  public String quote(String name) {
    return Identifiers.quote(get(name));
  }

  /** The target names, in the order the names were given. */
  public List<String> targets() {
    return targets;
  }

  /** Source name → target name in the given order; a name given twice keeps its first target. */
  public Map<String, String> mapping() {
    Map<String, String> mapping = new LinkedHashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      mapping.putIfAbsent(sources.get(i), targets.get(i));
    }
    return Collections.unmodifiableMap(mapping);
  }

  /** The names that changed, in the given order; empty when every name is kept. */
  public List<Rename> renames() {
    List<Rename> renames = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      if (!sources.get(i).equals(targets.get(i))) {
        renames.add(new Rename(sources.get(i), targets.get(i)));
      }
    }
    return renames;
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String hash(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, HASH_HEX_DIGITS / 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
