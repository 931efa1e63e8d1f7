package dev.ferry.schemas.document;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.UuidRepresentation;

/**
 * How one collection is flattened into tables, as a job file declares it. Everything is optional:
 * {@code FlattenSpec.defaults()} flattens every sampled field.
 *
 * <pre>{@code
 * flatten:
 *   table: clients                 # root table (default: the collection's name)
 *   extra: column                  # unknown fields: column (_extra jsonb) | drop | dead_letter
 *   paths:
 *     identity_documents: {rename: identities}
 *     operation:          {as: table, rename: operations}
 *     operation.amount:   {cast: decimal(14,2)}
 *     tags:               {as: table}
 *     raw:                {json: true}
 *     internal\.notes:    {skip: true}  # the key "internal.notes" itself
 * }</pre>
 *
 * <p>A path names keys from the root separated by dots; array steps are left out or written as
 * {@code []} ({@code contacts.phone} and {@code contacts[].phone} are the same path). A dot or a
 * backslash inside a key is escaped with a backslash ({@code a\.b} is the key {@code "a.b"}).
 *
 * @param table the root table's name, or null for the collection's name
 * @param paths per path, what to do with it
 * @param extra where fields go that the plan has no column for (not seen in sampling); default
 *     {@link Extra#COLUMN}
 * @param mismatch what a value that does not fit its column does; default {@link Mismatch#REJECT}
 * @param arrays how arrays of scalars land when their path says nothing; default {@link As#ARRAY}
 * @param maxDepth the most keys a column's path may have; objects and arrays of objects at that
 *     depth are kept as one jsonb column. Null or 0: no limit
 * @param legacyUuid the byte order of binary subtype 3 (legacy) UUIDs; default {@link
 *     LegacyUuid#JAVA}, what the Java driver wrote before subtype 4
 */
public record FlattenSpec(
    String table,
    Map<String, Rule> paths,
    Extra extra,
    Mismatch mismatch,
    As arrays,
    @JsonProperty("max_depth") Integer maxDepth,
    @JsonProperty("legacy_uuid") LegacyUuid legacyUuid)
    implements Serializable {

  public FlattenSpec {
    if (table != null && table.isBlank()) {
      throw new IllegalArgumentException(
          "flatten: table is blank: name the root table or leave it out");
    }
    if (paths != null) {
      paths.forEach(
          (path, rule) -> {
            if (rule == null) {
              throw new IllegalArgumentException(
                  "flatten path '" + path + "' has no rule: give rename, cast, json, skip or as");
            }
          });
    }
    paths = paths == null ? Map.of() : Map.copyOf(paths);
    extra = extra == null ? Extra.COLUMN : extra;
    mismatch = mismatch == null ? Mismatch.REJECT : mismatch;
    arrays = arrays == null ? As.ARRAY : arrays;
    maxDepth = maxDepth == null ? 0 : maxDepth;
    legacyUuid = legacyUuid == null ? LegacyUuid.JAVA : legacyUuid;
    if (maxDepth < 0) {
      throw new IllegalArgumentException("max_depth must be 0 (no limit) or more, not " + maxDepth);
    }
    if (arrays == As.COLUMNS) {
      throw new IllegalArgumentException(
          "arrays: columns is not a way to store arrays of scalars: use array or table");
    }
    if (mismatch == Mismatch.EXTRA && extra != Extra.COLUMN) {
      throw new IllegalArgumentException(
          "mismatch: extra keeps values that do not fit in the _extra column, which needs"
              + " extra: column (not "
              + extra.name().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
  }

  /** Every sampled field flattened, unknown fields kept in {@code _extra}. */
  public static FlattenSpec defaults() {
    return new FlattenSpec(null, null, null, null, null, null, null);
  }

  /** These defaults with {@code rules} by path. */
  public static FlattenSpec of(Map<String, Rule> rules) {
    return new FlattenSpec(null, rules, null, null, null, null, null);
  }

  public FlattenSpec withTable(String name) {
    return new FlattenSpec(name, paths, extra, mismatch, arrays, maxDepth, legacyUuid);
  }

  public FlattenSpec withExtra(Extra value) {
    return new FlattenSpec(table, paths, value, mismatch, arrays, maxDepth, legacyUuid);
  }

  public FlattenSpec withMismatch(Mismatch value) {
    return new FlattenSpec(table, paths, extra, value, arrays, maxDepth, legacyUuid);
  }

  public FlattenSpec withArrays(As value) {
    return new FlattenSpec(table, paths, extra, mismatch, value, maxDepth, legacyUuid);
  }

  public FlattenSpec withMaxDepth(int value) {
    return new FlattenSpec(table, paths, extra, mismatch, arrays, value, legacyUuid);
  }

  public FlattenSpec withLegacyUuid(LegacyUuid value) {
    return new FlattenSpec(table, paths, extra, mismatch, arrays, maxDepth, value);
  }

  /**
   * What to do with one path. Combine freely except as said: {@code skip} and {@code json} stand
   * alone or with {@code rename} (json); {@code as: array} is for arrays of scalars, {@code as:
   * columns} for objects, {@code as: table} for both.
   *
   * @param rename the column's name, or the table's name for a path that becomes a table; for an
   *     object flattened into columns, the prefix of its columns
   * @param cast a logical type ({@code decimal(14,2)}, {@code text}, {@code timestamp}…) the values
   *     are converted to; on an array of scalars, the elements' type
   * @param json keep the value, whatever it holds, as one jsonb column
   * @param skip leave the path out of every table ({@code _extra} included)
   * @param as how an object ({@code columns}, {@code table}) or an array of scalars ({@code array},
   *     {@code table}) lands
   */
  public record Rule(String rename, String cast, Boolean json, Boolean skip, As as)
      implements Serializable {

    public Rule {
      if (rename != null && rename.isBlank()) {
        throw new IllegalArgumentException("flatten: a rename is blank: give a name");
      }
      json = Boolean.TRUE.equals(json);
      skip = Boolean.TRUE.equals(skip);
    }

    public static Rule renamed(String name) {
      return new Rule(name, null, null, null, null);
    }

    public static Rule castTo(String type) {
      return new Rule(null, type, null, null, null);
    }

    public static Rule asJson() {
      return new Rule(null, null, true, null, null);
    }

    public static Rule skipped() {
      return new Rule(null, null, null, true, null);
    }

    public static Rule as(As value) {
      return new Rule(null, null, null, null, value);
    }

    public Rule withRename(String name) {
      return new Rule(name, cast, json, skip, as);
    }
  }

  /** Where fields go that the plan has no column for. */
  public enum Extra {
    /** Into the row's {@code _extra} jsonb column, as Extended JSON. */
    COLUMN,
    /** Nowhere; the flattener lists them in {@link FlatRows#dropped()} so they can be counted. */
    DROP,
    /** The whole document is rejected, naming the first such field. */
    DEAD_LETTER
  }

  /** What a value that does not fit its column's type does. */
  public enum Mismatch {
    /** The whole document is rejected, naming the path, the value and the column. */
    REJECT,
    /** The column stays NULL and the value is kept in the row's {@code _extra}. */
    EXTRA
  }

  /** How an object or an array of scalars lands. */
  public enum As {
    /** An object's fields become columns of the row that holds it (objects' default). */
    COLUMNS,
    /** A PostgreSQL array column of the elements' type (arrays of scalars' default). */
    ARRAY,
    /** A table of its own, keyed by its parent's key (and the ordinal, for arrays). */
    TABLE
  }

  /** The byte order of UUIDs stored as binary subtype 3, which drivers wrote differently. */
  public enum LegacyUuid {
    JAVA(UuidRepresentation.JAVA_LEGACY),
    CSHARP(UuidRepresentation.C_SHARP_LEGACY),
    PYTHON(UuidRepresentation.PYTHON_LEGACY);

    private final UuidRepresentation representation;

    LegacyUuid(UuidRepresentation representation) {
      this.representation = representation;
    }

    UuidRepresentation representation() {
      return representation;
    }
  }

  /**
   * The keys of a path as written in {@link #paths()}: split at dots not escaped by a backslash,
   * array steps ({@code []} alone or after a key) left out.
   *
   * @throws IllegalArgumentException for an empty path or a dangling backslash
   */
  public static List<String> keys(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("a flatten path is empty: name keys separated by dots");
    }
    List<String> keys = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    // How much of the key ends at or before its last escaped character: "[]" escaped stays.
    int escaped = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        if (i + 1 == path.length()) {
          throw new IllegalArgumentException(
              "flatten path '" + path + "' ends with a backslash: write \\\\ for a backslash");
        }
        key.append(path.charAt(++i));
        escaped = key.length();
      } else if (c == '.') {
        addKey(keys, key.toString(), escaped);
        key.setLength(0);
        escaped = 0;
      } else {
        key.append(c);
      }
    }
    addKey(keys, key.toString(), escaped);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("flatten path '" + path + "' names no key");
    }
    return List.copyOf(keys);
  }

  private static void addKey(List<String> keys, String key, int escaped) {
    boolean stepped = false;
    while (key.endsWith(FieldPath.ARRAY) && escaped <= key.length() - 2) {
      key = key.substring(0, key.length() - FieldPath.ARRAY.length());
      stepped = true;
    }
    if (!(stepped && key.isEmpty())) {
      keys.add(key);
    }
  }

  /** The rules keyed by their paths' keys, checking that no two name the same path. */
  Map<List<String>, Rule> rulesByKeys() {
    Map<List<String>, Rule> byKeys = new LinkedHashMap<>();
    Map<List<String>, String> spelled = new LinkedHashMap<>();
    paths.keySet().stream()
        .sorted()
        .forEach(
            path -> {
              List<String> k = keys(path);
              String before = spelled.putIfAbsent(k, path);
              if (before != null) {
                throw new IllegalArgumentException(
                    "flatten paths '" + before + "' and '" + path + "' name the same field");
              }
              byKeys.put(k, paths.get(path));
            });
    return byKeys;
  }
}
