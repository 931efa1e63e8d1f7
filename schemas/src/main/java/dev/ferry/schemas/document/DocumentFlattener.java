package dev.ferry.schemas.document;

import dev.ferry.schemas.document.FlattenSpec.Extra;
import dev.ferry.schemas.document.FlattenSpec.Mismatch;
import dev.ferry.schemas.document.PlanNode.ArrayColumn;
import dev.ferry.schemas.document.PlanNode.ArrayTable;
import dev.ferry.schemas.document.PlanNode.Fields;
import dev.ferry.schemas.document.PlanNode.Json;
import dev.ferry.schemas.document.PlanNode.Layout;
import dev.ferry.schemas.document.PlanNode.ObjectTable;
import dev.ferry.schemas.document.PlanNode.Scalar;
import dev.ferry.schemas.document.PlanNode.ScalarTable;
import dev.ferry.schemas.document.PlanNode.Skip;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ValueRejected;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * Flattens documents into the rows of a {@link FlattenPlan}'s tables. Serializable, so a {@code
 * DoFn} carries it to workers; stateless between documents.
 *
 * <pre>{@code
 * DocumentFlattener flattener = DocumentFlattener.of(plan);
 * try {
 *   FlatRows rows = flattener.flatten(document);
 *   rows.rows("clients_contacts").size(); // the length of the contacts array
 * } catch (ValueRejected e) {
 *   // one dead letter for the whole document, e.getMessage() names the path
 * }
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Deterministic keys.</b> Every row's key is the document's {@code _id} and the indexes of
 *       the arrays it sits in, so the same document gives the same rows and keys on every run: an
 *       upsert rewrites them in place.
 *   <li><b>All or nothing.</b> A document gives all its rows, or none and a {@link ValueRejected}
 *       naming the path ({@code operation.installments.3.amount: …}): no half-flattened document.
 *       Rejected are documents without an {@code _id} or with a null one, values that do not fit
 *       their column ({@code mismatch: reject}, the default; {@code mismatch: extra} keeps them in
 *       {@code _extra} instead and leaves the column NULL), a missing or null value in a column
 *       that every sampled row had, and unknown fields under {@code extra: dead_letter}.
 *   <li><b>Null and missing.</b> Both are NULL in a typed column; in a jsonb column a BSON null is
 *       JSON {@code null} and a missing field SQL NULL, and {@code _extra} keeps nulls as nulls.
 *   <li><b>Values</b> convert as {@link BsonValues} says, jsonb as {@link ExtendedJson}, arrays as
 *       {@link PgArrays}.
 * </ul>
 */
public final class DocumentFlattener implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Encodes the Java values of a driver's {@link Document}; java.util.UUID as subtype 4. */
  private static final CodecRegistry REGISTRY =
      CodecRegistries.withUuidRepresentation(
          Bson.DEFAULT_CODEC_REGISTRY, UuidRepresentation.STANDARD);

  private static final String ELEMENT = FieldPath.ARRAY;

  private final FlattenPlan plan;
  private final UuidRepresentation legacyUuid;

  private DocumentFlattener(FlattenPlan plan) {
    this.plan = plan;
    this.legacyUuid = plan.spec().legacyUuid().representation();
  }

  public static DocumentFlattener of(FlattenPlan plan) {
    return new DocumentFlattener(plan);
  }

  /**
   * The rows of {@code document}, a driver document (what MongoDbIO reads).
   *
   * @throws ValueRejected when the document cannot be flattened, with the reason
   */
  public FlatRows flatten(Document document) throws ValueRejected {
    return flatten(document.toBsonDocument(BsonDocument.class, REGISTRY));
  }

  /**
   * The rows of {@code document}.
   *
   * @throws ValueRejected when the document cannot be flattened, with the reason
   */
  public FlatRows flatten(BsonDocument document) throws ValueRejected {
    BsonValue id = document.get("_id");
    if (id == null) {
      throw new ValueRejected("the document has no _id, which its rows are keyed by");
    }
    if (absent(id)) {
      throw new ValueRejected("the document's _id is null; its rows need a key");
    }
    Object key;
    try {
      key = BsonValues.convert(id, plan.idType(), legacyUuid);
    } catch (ValueRejected e) {
      throw new ValueRejected("_id: " + e.getMessage() + where(0, plan.root().columns().get(0)));
    }
    Walk walk = new Walk();
    Row root = walk.row(0, List.of(key), Path.ROOT);
    walk.fields(document, plan.rootFields(), root, Path.ROOT, true);
    walk.finish(root);
    return walk.result(key);
  }

  private static boolean absent(BsonValue v) {
    return v.isNull() || v.getBsonType() == BsonType.UNDEFINED;
  }

  /** {@code (column "t"."c" bigint)}, for reasons. */
  private String where(int table, Column c) {
    Table t = plan.tables().get(table);
    String type = c.pgType() != null ? c.pgType() : c.type().toString();
    return " (column "
        + Identifiers.quote(t.name())
        + "."
        + Identifiers.quote(c.name())
        + " "
        + type
        + ")";
  }

  /**
   * Where a value sits: the keys and array indexes from the root, shared between siblings so that
   * walking a document builds no strings unless a reason or {@code _extra} needs them.
   */
  private record Path(Path parent, String segment) {

    static final Path ROOT = new Path(null, null);

    Path child(String s) {
      return new Path(this, s);
    }

    /** {@code operation.installments.3.amount}; "" at the root. */
    String shown() {
      return String.join(".", after(ROOT));
    }

    /** The segments below {@code origin}, an ancestor of this path (or this path itself). */
    List<String> after(Path origin) {
      List<String> segments = new ArrayList<>();
      for (Path p = this; p != origin && p.segment != null; p = p.parent) {
        segments.add(p.segment);
      }
      Collections.reverse(segments);
      return segments;
    }
  }

  /** One row being filled. */
  private static final class Row {
    final int table;
    final Layout layout;
    final Object[] values;
    final List<Object> key;

    /** Where the row's object sits: the document, an element, an object with its own table. */
    final Path origin;

    BsonDocument extra;

    Row(int table, Layout layout, List<Object> key, Path origin) {
      this.table = table;
      this.layout = layout;
      this.values = new Object[layout.width()];
      this.key = key;
      this.origin = origin;
      for (int i = 0; i < key.size(); i++) {
        values[i] = key.get(i);
      }
    }
  }

  /** The state of flattening one document. */
  private final class Walk {
    final List<List<List<Object>>> rows = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();

    Walk() {
      for (int i = 0; i < plan.tables().size(); i++) {
        rows.add(new ArrayList<>());
      }
    }

    Row row(int table, List<Object> key, Path origin) {
      return new Row(table, plan.layouts().get(table), key, origin);
    }

    FlatRows result(Object key) {
      Map<String, List<List<Object>>> byTable = new LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        byTable.put(plan.tables().get(i).name(), rows.get(i));
      }
      return new FlatRows(key, byTable, dropped);
    }

    /** The fields of {@code d}, which sits at {@code at}, into {@code row}. */
    void fields(BsonDocument d, Map<String, PlanNode> nodes, Row row, Path at, boolean root)
        throws ValueRejected {
      for (Map.Entry<String, BsonValue> e : d.entrySet()) {
        String key = e.getKey();
        if (root && key.equals("_id")) {
          continue;
        }
        PlanNode node = nodes.get(key);
        if (node == null) {
          unknown(row, at.child(key), e.getValue());
        } else {
          visit(node, e.getValue(), row, at.child(key));
        }
      }
    }

    private void visit(PlanNode node, BsonValue v, Row row, Path path) throws ValueRejected {
      if (node instanceof Json j) {
        row.values[j.column()] = ExtendedJson.value(v);
        return;
      }
      if (node instanceof Skip || absent(v)) {
        return;
      }
      if (node instanceof Scalar s) {
        try {
          row.values[s.column()] = BsonValues.convert(v, s.type(), legacyUuid);
        } catch (ValueRejected e) {
          mismatch(row, path, v, path.shown() + ": " + e.getMessage() + column(row, s.column()));
        }
      } else if (node instanceof ArrayColumn a) {
        arrayColumn(a, v, row, path);
      } else if (node instanceof Fields f) {
        if (v.isDocument()) {
          fields(v.asDocument(), f.fields(), row, path, false);
        } else {
          mismatch(row, path, v, expected(path, v, "an object"));
        }
      } else if (node instanceof ObjectTable o) {
        if (v.isDocument()) {
          Row child = row(o.table(), row.key, path);
          fields(v.asDocument(), o.fields(), child, path, false);
          finish(child);
        } else {
          mismatch(row, path, v, expected(path, v, "an object"));
        }
      } else if (node instanceof ArrayTable a) {
        if (!v.isArray()) {
          mismatch(row, path, v, expected(path, v, "an array"));
          return;
        }
        List<BsonValue> values = v.asArray().getValues();
        for (int i = 0; i < values.size(); i++) {
          BsonValue element = values.get(i);
          Path at = path.child(Integer.toString(i));
          Row child = row(a.table(), append(row.key, i), at);
          if (element.isDocument()) {
            fields(element.asDocument(), a.fields(), child, at, false);
          } else if (!absent(element)) {
            mismatch(child, at, element, expected(at, element, "an object"));
          }
          finish(child);
        }
      } else if (node instanceof ScalarTable s) {
        if (!v.isArray()) {
          mismatch(row, path, v, expected(path, v, "an array"));
          return;
        }
        List<BsonValue> values = v.asArray().getValues();
        for (int i = 0; i < values.size(); i++) {
          BsonValue element = values.get(i);
          Path at = path.child(Integer.toString(i));
          Row child = row(s.table(), append(row.key, i), at);
          int column = child.layout.keys();
          if (!absent(element)) {
            try {
              child.values[column] = BsonValues.convert(element, s.element(), legacyUuid);
            } catch (ValueRejected e) {
              mismatch(
                  child, at, element, at.shown() + ": " + e.getMessage() + column(child, column));
            }
          }
          finish(child);
        }
      }
    }

    private void arrayColumn(ArrayColumn a, BsonValue v, Row row, Path path) throws ValueRejected {
      if (!v.isArray()) {
        mismatch(row, path, v, expected(path, v, "an array") + column(row, a.column()));
        return;
      }
      List<BsonValue> values = v.asArray().getValues();
      List<Object> elements = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        BsonValue element = values.get(i);
        try {
          elements.add(
              absent(element) ? null : BsonValues.convert(element, a.element(), legacyUuid));
        } catch (ValueRejected e) {
          String reason = path.shown() + "." + i + ": " + e.getMessage() + column(row, a.column());
          mismatch(row, path, v, reason);
          return;
        }
      }
      row.values[a.column()] = PgArrays.literal(elements);
    }

    /** A value that does not fit: rejected, or kept in {@code _extra} ({@code mismatch: extra}). */
    private void mismatch(Row row, Path path, BsonValue v, String reason) throws ValueRejected {
      if (plan.spec().mismatch() == Mismatch.EXTRA) {
        putExtra(row, path, v);
      } else {
        throw new ValueRejected(reason);
      }
    }

    /** A field the plan has no place for. */
    private void unknown(Row row, Path path, BsonValue v) throws ValueRejected {
      Extra extra = plan.spec().extra();
      if (extra == Extra.COLUMN) {
        putExtra(row, path, v);
      } else if (extra == Extra.DROP) {
        dropped.add(path.shown());
      } else {
        throw new ValueRejected(
            path.shown()
                + ": a field sampling never saw; the job's extra: dead_letter rejects such"
                + " documents");
      }
    }

    /**
     * {@code v} into the row's {@code _extra} where it sits below the row's object; an element that
     * is a row itself goes under the key {@code []}.
     */
    private void putExtra(Row row, Path path, BsonValue v) {
      List<String> keys = path.after(row.origin);
      if (keys.isEmpty()) {
        keys = List.of(ELEMENT);
      }
      if (row.extra == null) {
        row.extra = new BsonDocument();
      }
      BsonDocument at = row.extra;
      for (String k : keys.subList(0, keys.size() - 1)) {
        BsonValue next = at.get(k);
        if (next == null || !next.isDocument()) {
          next = new BsonDocument();
          at.put(k, next);
        }
        at = next.asDocument();
      }
      at.put(keys.get(keys.size() - 1), v);
    }

    void finish(Row row) throws ValueRejected {
      if (row.extra != null) {
        row.values[row.layout.extra()] = ExtendedJson.of(row.extra);
      }
      for (int c : row.layout.notNull()) {
        if (row.values[c] == null) {
          String where = row.origin.shown();
          throw new ValueRejected(
              (where.isEmpty() ? "" : where + ": ")
                  + row.layout.paths().get(c)
                  + " is missing or null, and every sampled document had a value there, so its"
                  + " column is NOT NULL"
                  + column(row, c));
        }
      }
      rows.get(row.table).add(Arrays.asList(row.values));
    }

    private String column(Row row, int c) {
      return where(row.table, plan.tables().get(row.table).columns().get(c));
    }
  }

  private static String expected(Path path, BsonValue v, String what) {
    return path.shown() + ": " + BsonValues.describe(v) + " where sampling saw " + what;
  }

  private static List<Object> append(List<Object> key, int ordinal) {
    List<Object> next = new ArrayList<>(key);
    next.add(ordinal);
    return next;
  }
}
