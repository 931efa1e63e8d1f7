package dev.ferry.schemas.document;

import dev.ferry.schemas.document.FlattenSpec.As;
import dev.ferry.schemas.document.FlattenSpec.Rule;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;

/** The bank-credit contracts fixture and the spec that loads it into eight tables. */
final class Contracts {

  private Contracts() {}

  static List<BsonDocument> documents() {
    return Shapes.fixture("contracts.json");
  }

  static CollectionShape shape() {
    return Shapes.of("contracts", documents());
  }

  static FlattenSpec spec() {
    return FlattenSpec.of(
            Map.of(
                "identity_documents", Rule.renamed("identities"),
                "addresses", Rule.renamed("addresses"),
                "contacts", Rule.renamed("contacts"),
                "bank_account", Rule.as(As.TABLE).withRename("bank_accounts"),
                "operation", Rule.as(As.TABLE).withRename("operations"),
                "operation.installments", Rule.renamed("installments"),
                "operation.cet.breakdown", Rule.renamed("cet_details"),
                "operation.amount", Rule.castTo("decimal(14,2)")))
        .withTable("clients");
  }

  static FlattenPlan plan() {
    return FlattenPlan.of(shape(), spec());
  }
}
