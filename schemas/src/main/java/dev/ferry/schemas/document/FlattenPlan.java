package dev.ferry.schemas.document;

import dev.ferry.schemas.document.BsonTypes.ValueType;
import dev.ferry.schemas.document.PlanNode.Layout;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The related tables a collection's documents flatten into, decided once from the sampled shape and
 * the job's {@link FlattenSpec}; {@link DocumentFlattener} then fills them document by document.
 * The tables are ordinary inventory tables with primary and foreign keys, so {@code PostgresDdl}
 * creates them, their keys and their foreign keys like any other source's.
 *
 * <pre>{@code
 * FlattenPlan plan = FlattenPlan.of(shape, spec);
 * plan.notes().forEach(System.out::println);            // widenings, conflicts, renames
 * PostgresDdl ddl = PostgresDdl.of("public", plan.inventory(url), plan.tables(), EnumStyle.CHECK);
 * DocumentFlattener flattener = DocumentFlattener.of(plan);
 * }</pre>
 *
 * <ul>
 *   <li><b>Root table</b> ({@code spec.table()}, default the collection's name): one row per
 *       document, keyed by {@code _id} (ObjectId → varchar(24) hex, string → text, integers →
 *       bigint, UUID → uuid, a compound {@code _id} → jsonb; see {@link BsonTypes}).
 *   <li><b>Objects</b> become columns of the row that holds them, named by their path ({@code
 *       address.city} → {@code address_city}; see {@link ColumnNames} for collisions), or a table
 *       of their own with {@code as: table}: one row per object, keyed like its parent row.
 *   <li><b>Arrays of objects</b> become child tables named {@code <parent table>_<path>} (or the
 *       rule's rename), one row per element, null elements included, keyed by the parent row's key
 *       and the element's index from 0; a foreign key references the parent table, all the way
 *       down. Keys: {@code _id} at the root; below it {@code _root_id} (the document's {@code
 *       _id}), the indexes of enclosing arrays from the outermost ({@code _ordinal_1}, {@code
 *       _ordinal_2}…) and the table's own index, {@code _ordinal}. Elements may have fields named
 *       {@code _id} of their own (Mongoose subdocuments): those are ordinary columns.
 *   <li><b>Arrays of scalars</b> become one PostgreSQL array column ({@code bigint[]}, {@code
 *       text[]}, {@code numeric[]}, {@code boolean[]}, {@code timestamptz[]}…) or, with {@code as:
 *       table}, a child table with the element in column {@code value}. Arrays whose elements mix
 *       types, and arrays of arrays, are one jsonb column: PostgreSQL's arrays are neither mixed
 *       nor ragged.
 *   <li><b>Column types</b> come from the BSON types sampled at the path, widened where several
 *       were seen; each widening or conflict is a note (see {@link BsonTypes}).
 *   <li><b>NOT NULL</b>: key columns, and a column whose path held a non-null value in every
 *       sampled row of its table (a document for the root, an element for a child table). The
 *       shape's type counts are taken as occurrences: each array element counts once.
 *   <li><b>{@code _extra}</b> (with {@code extra: column}): last column of every table, the fields
 *       of that row sampling never saw, as {@link ExtendedJson}.
 *   <li>Rules whose path sampling never saw make a column when they say its type ({@code cast} or
 *       {@code json}); every rule that ends up doing nothing is a note.
 * </ul>
 *
 * @throws IllegalArgumentException (from {@link #of}) for rules that contradict the shape or each
 *     other, naming the path
 */
public final class FlattenPlan implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String collection;
  private final FlattenSpec spec;
  private final List<Table> tables;
  private final List<Layout> layouts;
  private final List<String> notes;
  private final ValueType idType;
  private final Map<String, PlanNode> rootFields;

  private FlattenPlan(CollectionShape shape, FlattenSpec spec) {
    PlanBuilder b = new PlanBuilder(shape, spec).build();
    PlanTables.Result result =
        PlanTables.of(b, spec.extra() == FlattenSpec.Extra.COLUMN, shape.estimatedCount());
    this.collection = shape.collection();
    this.spec = spec;
    this.tables = List.copyOf(result.tables());
    this.layouts = List.copyOf(result.layouts());
    this.notes = List.copyOf(b.notes);
    this.idType = new ValueType(b.id.type, b.id.pgType != null);
    this.rootFields = Map.copyOf(b.rootFields);
  }

  /** The tables for documents shaped like {@code shape}, flattened as {@code spec} says. */
  public static FlattenPlan of(CollectionShape shape, FlattenSpec spec) {
    return new FlattenPlan(shape, spec);
  }

  public String collection() {
    return collection;
  }

  public FlattenSpec spec() {
    return spec;
  }

  /** Every table, the root first, each parent before its children. */
  public List<Table> tables() {
    return tables;
  }

  /** The table with one row per document. */
  public Table root() {
    return tables.get(0);
  }

  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * What a person should know about the plan, one line each: widenings and type conflicts, paths
   * kept as jsonb and why, names that had to change, rules that do nothing.
   */
  public List<String> notes() {
    return notes;
  }

  /** The tables as a {@code mongodb} inventory of {@code source} (a URL without credentials). */
  public Inventory inventory(String source) {
    return new Inventory(source, "mongodb", tables, List.of());
  }

  List<Layout> layouts() {
    return layouts;
  }

  ValueType idType() {
    return idType;
  }

  Map<String, PlanNode> rootFields() {
    return rootFields;
  }
}
