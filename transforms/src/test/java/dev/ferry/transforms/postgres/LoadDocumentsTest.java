package dev.ferry.transforms.postgres;

import static dev.ferry.transforms.postgres.Orders.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.document.LoadDocuments;
import dev.ferry.transforms.document.RowsCheck;
import dev.ferry.transforms.read.BsonCoder;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.AscendingCheck;
import dev.ferry.transforms.validate.ColumnRule;
import dev.ferry.transforms.validate.ValidateRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link LoadDocuments} into PostgreSQL in a pipeline: documents are flattened, their rows checked
 * per row (a rule) and per array ({@code ascending}), and written whole; a document failing any of
 * it — no {@code _id}, a rule, an array out of order — is one dead letter naming the stage and the
 * reason, and none of its rows lands, while the others do.
 */
@ExtendWith({PostgresExtension.class, TestPipelineExtension.class})
class LoadDocumentsTest {

  @Test
  void aDocumentFailingAnywhereIsOneDeadLetterAndNoneOfItsRowsLands(TestDatabase db, TestPipeline p)
      throws Exception {
    Orders.create(db, "steps", true);
    List<BsonDocument> documents = new ArrayList<>(Orders.fixture());
    BsonDocument noId = documents.get(0).clone();
    noId.remove("_id");
    BsonDocument zeroQty = withItems(documents.get(0), 5, item("AA-1", 0));
    BsonDocument unordered = withItems(documents.get(0), 6, item("ZZ-9", 1), item("AA-1", 2));
    documents.addAll(List.of(noId, zeroQty, unordered));

    Table items = Orders.plan().table(ITEMS).orElseThrow();
    List<ColumnRule> rules =
        List.of(ColumnRule.of("qty").withMin("1"), ColumnRule.of("sku").withAscending(true));
    List<RowStep> steps =
        List.of(ValidateRows.with(ITEMS, rules).step(BeamSchemas.of(items.columns())));
    AscendingCheck ascending = AscendingCheck.of(ITEMS, BeamSchemas.of(items.columns()), rules);
    RowsCheck check = (rows, problems) -> problems.addAll(ascending.check(rows));
    LoadDocuments<WrittenBatch> load =
        LoadDocuments.of(Orders.plan())
            .withSteps(Map.of(ITEMS, steps))
            .withChecks(Map.of(ITEMS, check))
            .into(
                WritePostgresDocuments.to(
                        Items.server(db), Orders.tables("steps", TableTarget.Mode.APPEND))
                    .sink(),
                WrittenBatch.CODER);

    List<RawBsonDocument> raw =
        documents.stream().map(d -> RawBsonDocument.parse(d.toJson())).toList();
    PCollectionTuple out = p.apply(Create.of(raw).withCoder(BsonCoder.raw())).apply(load);
    PAssert.that(out.get(LoadDocuments.FAILED))
        .satisfies(
            failed -> {
              List<String> seen =
                  StreamSupport.stream(failed.spliterator(), false)
                      .map(f -> f.table() + " | " + f.stage() + " | " + f.reason())
                      .sorted()
                      .toList();
              assertEquals(
                  List.of(
                      "orders (documents) | flatten | the document has no _id, which its rows are"
                          + " keyed by",
                      "orders (documents) | validate | orders_items.sku: 'AA-1' at position 1 is"
                          + " not after 'ZZ-9' at position 0",
                      "orders (documents) | validate | orders_items[0].qty: 0 is below the minimum"
                          + " 1"),
                  seen);
              return null;
            });
    p.run().waitUntilFinish();

    assertEquals(4, Orders.count(db, "steps", Orders.ROOT));
    Orders.assertChildCountsMatchArrays(db, "steps", Orders.fixture());
    assertEquals(
        0L,
        Orders.count(db, "steps", ITEMS + " WHERE sku IN ('AA-1', 'ZZ-9')"),
        "no row of a rejected document");
  }

  private static BsonDocument withItems(BsonDocument base, int id, BsonDocument... items) {
    BsonDocument d = base.clone();
    d.put("_id", new BsonObjectId(new ObjectId(String.format("65f1a2b3c4d5e6f7081920%02x", id))));
    d.put("items", new BsonArray(List.of(items)));
    return d;
  }

  private static BsonDocument item(String sku, int qty) {
    return new BsonDocument("sku", new BsonString(sku))
        .append("qty", new BsonInt32(qty))
        .append("price", new org.bson.BsonDecimal128(new org.bson.types.Decimal128(1)))
        .append("discounts", new BsonArray());
  }
}
