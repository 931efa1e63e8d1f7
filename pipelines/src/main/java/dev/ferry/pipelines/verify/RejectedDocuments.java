package dev.ferry.pipelines.verify;

import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.schemas.document.DocumentFlattener;
import dev.ferry.schemas.document.FlatRows;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.verify.RowImages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;

/**
 * The rows of the documents a PostgreSQL target refused when the load wrote them (a NUL character,
 * a value out of PostgreSQL's range): the load dead-letters the whole document under {@code
 * <collection> (documents)}, so all its rows in every table are missing from the target, and verify
 * counts them as {@code rejected_at_write} rather than missing, as {@link RejectedAtWrite} does for
 * a table's rows. The keys come from flattening each refused document again with the job's plan;
 * one that no longer flattens has no rows to name and stays missing.
 */
final class RejectedDocuments {

  private RejectedDocuments() {}

  /** Per table of {@code collection}, the keys as a drill-down shows them ({@code _id=7}). */
  static Map<String, Set<String>> keys(
      JdbcLogin login, String schema, String job, CollectionPlan collection) {
    Map<String, Set<String>> keys = new HashMap<>();
    List<String> originals =
        RejectedAtWrite.originals(
            login, schema, job, TableMetrics.documents(collection.collection()));
    if (originals.isEmpty()) {
      return keys;
    }
    DocumentFlattener flattener = DocumentFlattener.of(collection.flatten());
    for (String original : originals) {
      FlatRows rows;
      try {
        rows = flattener.flatten(BsonDocument.parse(original));
      } catch (ValueRejected | JsonParseException e) {
        continue;
      }
      for (Table t : collection.flatten().tables()) {
        for (List<Object> values : rows.rows(t.name())) {
          keys.computeIfAbsent(t.name(), n -> new HashSet<>()).add(key(t, values));
        }
      }
    }
    return keys;
  }

  private static String key(Table t, List<Object> values) {
    List<String> key = new ArrayList<>();
    for (String column : t.primaryKey()) {
      int i = t.columns().indexOf(t.column(column).orElseThrow());
      key.add(column + "=" + RowImages.show(values.get(i)));
    }
    return String.join(", ", key);
  }
}
