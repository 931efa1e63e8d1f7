package dev.ferry.transforms.postgres;

import static dev.ferry.transforms.postgres.Orders.ITEMS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.convert.BeamSchemas;
import dev.ferry.schemas.document.DocumentFlattener;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.testkit.MongoExtension;
import dev.ferry.testkit.TestMongoDatabase;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.document.CheckDocuments;
import dev.ferry.transforms.document.LoadDocuments;
import dev.ferry.transforms.document.RowsCheck;
import dev.ferry.transforms.read.ReadMongoCollection;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.bson.BsonArray;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CheckDocuments} on mongo-java-server: each table gets exactly the rows the flattener gives
 * the documents that pass the same steps and checks a load runs ({@link LoadDocumentsTest}), and a
 * document failing a rule or an array check is one dead letter with none of its rows handed on.
 */
@ExtendWith({MongoExtension.class, TestPipelineExtension.class})
class CheckDocumentsTest {

  @Test
  void passingDocumentsGiveTheFlattenersRowsAndFailingOnesOneDeadLetter(
      TestMongoDatabase mongo, TestPipeline p) throws Exception {
    List<BsonDocument> good = Orders.fixture();
    List<BsonDocument> all = new ArrayList<>(good);
    all.add(withItems(good.get(0), 5, item("AA-1", 0)));
    all.add(withItems(good.get(0), 6, item("ZZ-9", 1), item("AA-1", 2)));
    mongo.insert("orders", all);

    Table items = Orders.plan().table(ITEMS).orElseThrow();
    List<ColumnRule> rules =
        List.of(ColumnRule.of("qty").withMin("1"), ColumnRule.of("sku").withAscending(true));
    List<RowStep> steps =
        List.of(ValidateRows.with(ITEMS, rules).step(BeamSchemas.of(items.columns())));
    AscendingCheck ascending = AscendingCheck.of(ITEMS, BeamSchemas.of(items.columns()), rules);
    RowsCheck check = (rows, problems) -> problems.addAll(ascending.check(rows));
    CheckDocuments checked =
        LoadDocuments.of(Orders.plan())
            .withSteps(Map.of(ITEMS, steps))
            .withChecks(Map.of(ITEMS, check))
            .checked();

    MongoLogin login = MongoLogin.of(mongo.connectionString(), "", Secret.of(""));
    PCollectionTuple out =
        p.apply("Ranges", ReadMongoCollection.of(login, "orders").ranges()).apply("Check", checked);

    DocumentFlattener flattener = DocumentFlattener.of(Orders.plan());
    for (Table t : Orders.plan().tables()) {
      List<List<Object>> expected = new ArrayList<>();
      for (BsonDocument d : good) {
        expected.addAll(flattener.flatten(d).rows(t.name()));
      }
      PAssert.that(out.get(checked.rows(t.name())))
          .satisfies(
              rows -> {
                List<String> seen =
                    StreamSupport.stream(rows.spliterator(), false)
                        .map(Row::getValues)
                        .map(String::valueOf)
                        .sorted()
                        .toList();
                assertEquals(
                    expected.stream().map(String::valueOf).sorted().toList(), seen, t.name());
                return null;
              });
    }
    PAssert.that(out.get(LoadDocuments.FAILED))
        .satisfies(
            failed -> {
              List<String> seen =
                  StreamSupport.stream(failed.spliterator(), false)
                      .map(f -> f.table() + " | " + f.stage())
                      .toList();
              assertEquals(
                  List.of("orders (documents) | validate", "orders (documents) | validate"), seen);
              return null;
            });
    p.run().waitUntilFinish();
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
        .append("price", new BsonDecimal128(new Decimal128(1)))
        .append("discounts", new BsonArray());
  }
}
