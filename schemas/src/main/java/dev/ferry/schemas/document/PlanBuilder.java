package dev.ferry.schemas.document;

import static dev.ferry.schemas.document.PathRules.bad;
import static dev.ferry.schemas.document.PathRules.cast;
import static dev.ferry.schemas.document.PathRules.isJson;
import static dev.ferry.schemas.document.PathRules.spelled;
import static dev.ferry.schemas.document.PathRules.structureByRule;
import static dev.ferry.schemas.document.PathRules.structureHasNoCast;

import dev.ferry.schemas.document.BsonTypes.Category;
import dev.ferry.schemas.document.BsonTypes.Mapping;
import dev.ferry.schemas.document.BsonTypes.ValueType;
import dev.ferry.schemas.document.FlattenSpec.As;
import dev.ferry.schemas.document.FlattenSpec.Rule;
import dev.ferry.schemas.document.PlanNode.ArrayColumn;
import dev.ferry.schemas.document.PlanNode.ArrayTable;
import dev.ferry.schemas.document.PlanNode.Fields;
import dev.ferry.schemas.document.PlanNode.Json;
import dev.ferry.schemas.document.PlanNode.ObjectTable;
import dev.ferry.schemas.document.PlanNode.Scalar;
import dev.ferry.schemas.document.PlanNode.ScalarTable;
import dev.ferry.schemas.document.PlanNode.Skip;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a sampled shape with the job's rules and decides, path by path, what becomes a column, a
 * jsonb column or a table; {@link PlanTables} turns the drafts into inventory tables. See {@link
 * FlattenPlan} for the rules it follows.
 */
final class PlanBuilder {

  private static final String ID = "_id";

  private final CollectionShape shape;
  private final FlattenSpec spec;
  private final Map<List<String>, Rule> rules;
  private final Set<List<String>> used = new HashSet<>();
  private final Map<FieldPath, List<FieldStats>> children = new HashMap<>();
  final List<TableDraft> tables = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  ColumnDraft id;
  Map<String, PlanNode> rootFields;

  PlanBuilder(CollectionShape shape, FlattenSpec spec) {
    this.shape = shape;
    this.spec = spec;
    this.rules = spec.rulesByKeys();
    for (FieldStats f : shape.fields()) {
      List<String> s = f.path().segments();
      if (!s.isEmpty()) {
        children
            .computeIfAbsent(new FieldPath(s.subList(0, s.size() - 1)), p -> new ArrayList<>())
            .add(f);
      }
    }
  }

  PlanBuilder build() {
    String rootName = spec.table() != null ? spec.table() : shape.collection();
    TableDraft root =
        new TableDraft(
            0,
            rootName,
            true,
            List.of(),
            "collection " + shape.collection(),
            null,
            0,
            shape.sampled());
    tables.add(root);
    id = idColumn();
    rootFields = document(root, new FieldPath(List.of()), List.of(), List.of());
    rules.keySet().stream()
        .filter(k -> !used.contains(k))
        .forEach(
            k ->
                notes.add(
                    String.join(".", k)
                        + ": the rule matches no field that is flattened (a path under a scalar,"
                        + " a skipped or a json path?), so it does nothing"));
    return this;
  }

  private ColumnDraft idColumn() {
    List<String> keys = List.of(ID);
    Rule rule = rule(keys);
    FieldStats stats = shape.field(FieldPath.of(ID)).orElse(null);
    Map<String, Long> types = stats == null ? Map.of() : stats.types();
    if (rule != null && (rule.skip() || rule.as() != null)) {
      throw bad(ID, "is the root table's key: it takes rename, cast and json, not skip or as");
    }
    ColumnType cast = cast(rule, ID);
    ValueType value;
    if ((rule != null && rule.json()) || isJson(cast)) {
      value = ValueType.of(BsonTypes.JSON);
    } else if (cast != null) {
      value = ValueType.of(cast);
    } else if (stats == null) {
      notes.add("_id: not seen in sampling, so it is text");
      value = ValueType.of(BsonTypes.TEXT);
    } else if (BsonTypes.categories(types).contains(Category.ARRAY)) {
      throw bad(ID, "holds arrays, which MongoDB does not allow as _id: check the sampled shape");
    } else if (BsonTypes.categories(types).contains(Category.DOCUMENT)) {
      notes.add(
          "_id: "
              + BsonTypes.spelled(types)
              + " seen: a compound key, kept as jsonb (Extended JSON; two _ids that differ only"
              + " in key order are one key there)");
      value = ValueType.of(BsonTypes.JSON);
    } else {
      Mapping m = BsonTypes.scalar(types, ID);
      if (m.widening() != null) {
        notes.add(
            m.value().type().kind() == Kind.STRING
                ? m.widening() + "; an ObjectId and a string of the same 24 hex digits collide"
                : m.widening());
      }
      value = m.value();
    }
    String name = rule != null && rule.rename() != null ? rule.rename() : ID;
    return new ColumnDraft(
        name, true, keys, ID, value, value.pgType(), true, BsonTypes.spelled(types));
  }

  /** The nodes for the fields of objects at {@code container} (null: known from rules only). */
  private Map<String, PlanNode> document(
      TableDraft t, FieldPath container, List<String> ruleKeys, List<String> prefix) {
    Map<String, PlanNode> nodes = new LinkedHashMap<>();
    boolean atRoot = t.parent == null && ruleKeys.isEmpty();
    Set<String> seen = new HashSet<>();
    if (atRoot) {
      seen.add(ID);
    }
    if (container != null) {
      for (FieldStats s : children.getOrDefault(container, List.of())) {
        String key = s.path().segments().get(s.path().segments().size() - 1);
        if (key.equals(FieldPath.ARRAY) || !seen.add(key)) {
          continue;
        }
        PlanNode node = field(t, s, append(ruleKeys, key), prefix);
        nodes.put(key, node);
      }
    }
    for (List<String> r : List.copyOf(rules.keySet())) {
      if (r.size() > ruleKeys.size() && r.subList(0, ruleKeys.size()).equals(ruleKeys)) {
        String key = r.get(ruleKeys.size());
        if (seen.add(key)) {
          PlanNode node = unseen(t, append(ruleKeys, key), prefix);
          if (node != null) {
            nodes.put(key, node);
          }
        }
      }
    }
    return nodes;
  }

  private PlanNode field(TableDraft t, FieldStats s, List<String> ruleKeys, List<String> prefix) {
    Rule rule = rule(ruleKeys);
    String shown = s.path().toString();
    Set<Category> cats = BsonTypes.categories(s.types());
    if (rule != null && rule.skip()) {
      return skip(rule, shown);
    }
    ColumnType cast = cast(rule, shown);
    boolean notNull = notNull(t, s.types());
    String seen = BsonTypes.spelled(s.types());
    if ((rule != null && rule.json()) || isJson(cast)) {
      return json(t, rule, ruleKeys, prefix, shown, notNull, seen);
    }
    boolean structured = cats.contains(Category.DOCUMENT) || cats.contains(Category.ARRAY);
    if (structured && cats.size() > 1) {
      structureHasNoCast(cast, shown);
      Category chosen = structureByRule(rule, cats, shown, seen);
      if (chosen == null) {
        notes.add(shown + ": " + seen + " seen: kept as jsonb (Extended JSON)");
        return json(t, rule, ruleKeys, prefix, shown, notNull, seen);
      }
      notes.add(
          shown
              + ": "
              + seen
              + " seen: planned for "
              + (chosen == Category.DOCUMENT ? "objects" : "arrays")
              + " as its rule says (as: "
              + spelled(rule.as())
              + "); a document with anything else there is rejected");
      return chosen == Category.DOCUMENT
          ? object(t, s, rule, cast, ruleKeys, prefix, notNull)
          : array(t, s, rule, cast, ruleKeys, prefix, notNull);
    }
    if (cats.contains(Category.DOCUMENT)) {
      return object(t, s, rule, cast, ruleKeys, prefix, notNull);
    }
    if (cats.contains(Category.ARRAY)) {
      return array(t, s, rule, cast, ruleKeys, prefix, notNull);
    }
    if (rule != null && rule.as() != null) {
      throw bad(
          shown, "as: " + spelled(rule.as()) + " is for objects and arrays; it holds " + seen);
    }
    Mapping m;
    if (cast != null) {
      m = new Mapping(ValueType.of(cast), null);
    } else {
      m = BsonTypes.scalar(s.types(), shown);
      if (m.widening() != null) {
        notes.add(m.widening());
      }
    }
    if (!m.value().numeric() && m.value().type().kind() == Kind.JSON) {
      return json(t, rule, ruleKeys, prefix, shown, notNull, seen);
    }
    int column =
        column(t, rule, ruleKeys, prefix, shown, m.value(), m.value().pgType(), notNull, seen);
    return new Scalar(column, m.value());
  }

  private PlanNode object(
      TableDraft t,
      FieldStats s,
      Rule rule,
      ColumnType cast,
      List<String> ruleKeys,
      List<String> prefix,
      boolean notNull) {
    String shown = s.path().toString();
    String seen = BsonTypes.spelled(s.types());
    structureHasNoCast(cast, shown);
    As as = rule == null || rule.as() == null ? As.COLUMNS : rule.as();
    if (as == As.ARRAY) {
      throw bad(
          shown, "as: array is for arrays of scalars; it holds objects (as: columns or table)");
    }
    if (tooDeep(ruleKeys) && (rule == null || rule.as() == null)) {
      notes.add(shown + ": objects at max_depth " + spec.maxDepth() + " kept as jsonb");
      return json(t, rule, ruleKeys, prefix, shown, notNull, seen);
    }
    if (children.getOrDefault(s.path(), List.of()).isEmpty() && !rulesBelow(ruleKeys)) {
      notes.add(shown + ": only empty objects seen: kept as jsonb");
      return json(t, rule, ruleKeys, prefix, shown, notNull, seen);
    }
    if (as == As.TABLE) {
      TableDraft child = table(t, rule, ruleKeys, prefix, shown, t.depth, count(s, "DOCUMENT"));
      return new ObjectTable(child.index, document(child, s.path(), ruleKeys, List.of()));
    }
    return new Fields(document(t, s.path(), ruleKeys, namePrefix(rule, prefix, ruleKeys)));
  }

  private PlanNode array(
      TableDraft t,
      FieldStats s,
      Rule rule,
      ColumnType cast,
      List<String> ruleKeys,
      List<String> prefix,
      boolean notNull) {
    String shown = s.path().toString();
    String seen = BsonTypes.spelled(s.types());
    FieldStats element = shape.field(s.path().element()).orElse(null);
    Map<String, Long> elementTypes = element == null ? Map.of() : element.types();
    Set<Category> cats = BsonTypes.categories(elementTypes);
    As as = rule == null ? null : rule.as();
    if (cats.contains(Category.ARRAY) || (cats.contains(Category.DOCUMENT) && cats.size() > 1)) {
      structureHasNoCast(cast, shown);
      notes.add(
          shown
              + ": elements "
              + BsonTypes.spelled(elementTypes)
              + (cats.contains(Category.ARRAY) ? " (arrays in arrays)" : "")
              + " seen: the whole array kept as jsonb");
      return json(t, rule, ruleKeys, prefix, shown, notNull, seen);
    }
    if (cats.contains(Category.DOCUMENT)) {
      structureHasNoCast(cast, shown);
      if (as != null && as != As.TABLE) {
        throw bad(
            shown,
            "as: " + spelled(as) + " does not fit an array of objects (as: table, or json: true)");
      }
      if (tooDeep(ruleKeys) && as == null) {
        notes.add(shown + ": arrays of objects at max_depth " + spec.maxDepth() + " kept as jsonb");
        return json(t, rule, ruleKeys, prefix, shown, notNull, seen);
      }
      TableDraft child =
          table(t, rule, ruleKeys, prefix, shown, t.depth + 1, BsonTypes.all(elementTypes));
      return new ArrayTable(child.index, document(child, element.path(), ruleKeys, List.of()));
    }
    as = as == null ? spec.arrays() : as;
    if (as == As.COLUMNS) {
      throw bad(
          shown, "as: columns is for objects; it holds arrays of scalars (as: array or table)");
    }
    if (cats.isEmpty() && cast == null) {
      notes.add(
          shown + ": only empty arrays or null elements seen: kept as jsonb until elements show");
      return json(t, rule, ruleKeys, prefix, shown, notNull, seen);
    }
    Mapping m;
    if (cast != null) {
      m = new Mapping(ValueType.of(cast), null);
    } else {
      m = BsonTypes.scalar(elementTypes, s.path().element().toString());
      if (m.widening() != null) {
        notes.add(m.widening());
      }
    }
    return scalarArray(t, rule, ruleKeys, prefix, shown, m.value(), as, notNull, elementTypes);
  }

  private PlanNode scalarArray(
      TableDraft t,
      Rule rule,
      List<String> ruleKeys,
      List<String> prefix,
      String shown,
      ValueType element,
      As as,
      boolean notNull,
      Map<String, Long> elementTypes) {
    String elements = BsonTypes.spelled(elementTypes);
    if (as == As.TABLE) {
      TableDraft child =
          table(t, rule, ruleKeys, prefix, shown, t.depth + 1, BsonTypes.all(elementTypes));
      long all = BsonTypes.all(elementTypes);
      child.value =
          new ColumnDraft(
              "value",
              false,
              ruleKeys,
              shown + ".[]",
              element,
              element.pgType(),
              all > 0 && BsonTypes.nonNull(elementTypes) == all,
              elements);
      return new ScalarTable(child.index, element);
    }
    if (!element.numeric() && element.type().kind() == Kind.JSON) {
      return json(t, rule, ruleKeys, prefix, shown, notNull, "ARRAY of " + elements);
    }
    ValueType text = ValueType.of(BsonTypes.TEXT);
    int column =
        column(
            t,
            rule,
            ruleKeys,
            prefix,
            shown,
            text,
            element.arrayPgType(),
            notNull,
            "ARRAY of " + elements);
    return new ArrayColumn(column, element);
  }

  /** A path a rule names that sampling never saw: made from the rule when it says enough. */
  private PlanNode unseen(TableDraft t, List<String> ruleKeys, List<String> prefix) {
    Rule rule = rule(ruleKeys);
    String shown = String.join(".", ruleKeys);
    if (rule != null && rule.skip()) {
      return skip(rule, shown);
    }
    ColumnType cast = cast(rule, shown);
    String unseen = shown + ": not seen in sampling; ";
    if (rule != null && (rule.json() || isJson(cast))) {
      notes.add(unseen + "a jsonb column from its rule");
      return json(t, rule, ruleKeys, prefix, shown, false, "");
    }
    if (cast != null) {
      As as = rule.as() == null ? As.COLUMNS : rule.as();
      notes.add(
          unseen + "a " + cast + (as == As.COLUMNS ? "" : " " + spelled(as)) + " from its cast");
      if (as == As.COLUMNS) {
        return new Scalar(
            column(t, rule, ruleKeys, prefix, shown, ValueType.of(cast), null, false, ""),
            ValueType.of(cast));
      }
      return scalarArray(t, rule, ruleKeys, prefix, shown, ValueType.of(cast), as, false, Map.of());
    }
    if (rulesBelow(ruleKeys)) {
      if (rule != null && rule.as() == As.TABLE) {
        TableDraft child = table(t, rule, ruleKeys, prefix, shown, t.depth, 0);
        return new ObjectTable(child.index, document(child, null, ruleKeys, List.of()));
      }
      return new Fields(document(t, null, ruleKeys, namePrefix(rule, prefix, ruleKeys)));
    }
    notes.add(
        unseen
            + "its rule has no cast to make a column from, so its values count as unknown fields");
    return null;
  }

  private PlanNode skip(Rule rule, String shown) {
    if (rule.rename() != null || rule.cast() != null || rule.json() || rule.as() != null) {
      throw bad(shown, "skip: true stands alone: drop rename, cast, json and as");
    }
    return new Skip();
  }

  private Json json(
      TableDraft t,
      Rule rule,
      List<String> ruleKeys,
      List<String> prefix,
      String shown,
      boolean notNull,
      String seen) {
    if (rule != null && rule.as() != null) {
      throw bad(
          shown,
          rule.json()
              ? "json: true and as: " + spelled(rule.as()) + " exclude each other"
              : "as: " + spelled(rule.as()) + " does not apply: it is kept as jsonb");
    }
    ValueType json = ValueType.of(BsonTypes.JSON);
    return new Json(column(t, rule, ruleKeys, prefix, shown, json, null, notNull, seen));
  }

  private int column(
      TableDraft t,
      Rule rule,
      List<String> ruleKeys,
      List<String> prefix,
      String shown,
      ValueType value,
      String pgType,
      boolean notNull,
      String sourceType) {
    boolean renamed = rule != null && rule.rename() != null;
    String name = renamed ? rule.rename() : ColumnNames.join(append(prefix, last(ruleKeys)));
    t.columns.add(
        new ColumnDraft(name, renamed, ruleKeys, shown, value, pgType, notNull, sourceType));
    return t.leading() + t.columns.size() - 1;
  }

  private TableDraft table(
      TableDraft parent,
      Rule rule,
      List<String> ruleKeys,
      List<String> prefix,
      String shown,
      int depth,
      long rows) {
    boolean renamed = rule != null && rule.rename() != null;
    String name =
        renamed
            ? rule.rename()
            : parent.name + "_" + ColumnNames.join(append(prefix, last(ruleKeys)));
    TableDraft t =
        new TableDraft(tables.size(), name, renamed, ruleKeys, shown, parent, depth, rows);
    tables.add(t);
    return t;
  }

  private List<String> namePrefix(Rule rule, List<String> prefix, List<String> ruleKeys) {
    return rule != null && rule.rename() != null
        ? List.of(rule.rename())
        : append(prefix, last(ruleKeys));
  }

  private boolean notNull(TableDraft t, Map<String, Long> types) {
    return t.rows > 0 && BsonTypes.nonNull(types) == t.rows;
  }

  private boolean tooDeep(List<String> ruleKeys) {
    return spec.maxDepth() > 0 && ruleKeys.size() >= spec.maxDepth();
  }

  private boolean rulesBelow(List<String> ruleKeys) {
    return rules.keySet().stream()
        .anyMatch(
            r -> r.size() > ruleKeys.size() && r.subList(0, ruleKeys.size()).equals(ruleKeys));
  }

  private Rule rule(List<String> ruleKeys) {
    Rule rule = rules.get(ruleKeys);
    if (rule != null) {
      used.add(ruleKeys);
    }
    return rule;
  }

  private static long count(FieldStats s, String type) {
    return s.types().getOrDefault(type, 0L);
  }

  private static String last(List<String> keys) {
    return keys.get(keys.size() - 1);
  }

  private static List<String> append(List<String> keys, String key) {
    List<String> next = new ArrayList<>(keys);
    next.add(key);
    return List.copyOf(next);
  }
}
