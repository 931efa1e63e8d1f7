package dev.ferry.schemas.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.document.FlattenSpec.As;
import dev.ferry.schemas.document.FlattenSpec.Extra;
import dev.ferry.schemas.document.FlattenSpec.Rule;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.postgres.EnumStyle;
import dev.ferry.schemas.postgres.PostgresDdl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlattenPlanTest {

  private static FlattenPlan plan(String json) {
    return FlattenPlan.of(Shapes.of("t", json), FlattenSpec.defaults());
  }

  private static FlattenPlan plan(String json, FlattenSpec spec) {
    return FlattenPlan.of(Shapes.of("t", json), spec);
  }

  private static String columnType(FlattenPlan plan, String table, String column) {
    return Described.type(plan.table(table).orElseThrow().column(column).orElseThrow());
  }

  private static List<String> names(FlattenPlan plan) {
    return plan.tables().stream().map(Table::name).toList();
  }

  private static List<String> columns(FlattenPlan plan, String table) {
    return plan.table(table).orElseThrow().columns().stream().map(c -> c.name()).toList();
  }

  private static void assertNote(FlattenPlan plan, String... words) {
    assertTrue(
        plan.notes().stream().anyMatch(n -> List.of(words).stream().allMatch(n::contains)),
        () -> "no note with " + List.of(words) + " in " + plan.notes());
  }

  private static String rejected(String json, FlattenSpec spec) {
    return assertThrows(IllegalArgumentException.class, () -> plan(json, spec)).getMessage();
  }

  @Test
  void contractsMakeEightRelatedTables() {
    assertEquals(
        """
        clients (_id)
          _id varchar(24) not null
          contract_number text not null
          status text
          score jsonb not null
          client_name text not null
          client_cpf text not null
          client_birth_date timestamptz not null
          client_income numeric not null
          tags text[] not null
          _extra jsonb
        identities (_root_id, _ordinal)
          _root_id varchar(24) not null
          _ordinal integer not null
          type text not null
          number text not null
          issuer text
          issued_at timestamptz
          _extra jsonb
          -> clients (_root_id) = (_id)
        addresses (_root_id, _ordinal)
          _root_id varchar(24) not null
          _ordinal integer not null
          kind text not null
          street text not null
          number text not null
          city text not null
          state text not null
          zip text not null
          _extra jsonb
          -> clients (_root_id) = (_id)
        contacts (_root_id, _ordinal)
          _root_id varchar(24) not null
          _ordinal integer not null
          kind text not null
          value text not null
          primary boolean not null
          _extra jsonb
          -> clients (_root_id) = (_id)
        bank_accounts (_root_id)
          _root_id varchar(24) not null
          bank text not null
          branch text not null
          account text not null
          digit text not null
          _extra jsonb
          -> clients (_root_id) = (_id)
        operations (_root_id)
          _root_id varchar(24) not null
          amount numeric(14,2) not null
          rate_monthly double precision not null
          term bigint not null
          issued_at timestamptz not null
          cet_annual_rate double precision not null
          _extra jsonb
          -> clients (_root_id) = (_id)
        installments (_root_id, _ordinal)
          _root_id varchar(24) not null
          _ordinal integer not null
          number bigint not null
          due_date timestamptz not null
          amount numeric not null
          paid boolean not null
          _extra jsonb
          -> operations (_root_id) = (_root_id)
        cet_details (_root_id, _ordinal)
          _root_id varchar(24) not null
          _ordinal integer not null
          item text not null
          amount numeric not null
          _extra jsonb
          -> operations (_root_id) = (_root_id)
        """,
        Described.tables(Contracts.plan().tables()));
  }

  @Test
  void contractsNotesSayEveryWidening() {
    assertEquals(
        List.of(
            "score: INT32, STRING seen, which no one type holds: kept as jsonb (Extended JSON), each"
                + " value with its type",
            "operation.rate_monthly: DOUBLE, INT32 seen, widened to double (an integer a double"
                + " cannot hold exactly is rejected)",
            "operation.term: INT32 and INT64 seen, widened to bigint"),
        Contracts.plan().notes());
  }

  @Test
  void postgresDdlCreatesTheTablesKeysAndForeignKeys() {
    FlattenPlan plan = Contracts.plan();
    PostgresDdl ddl =
        PostgresDdl.of(
            "public", plan.inventory("mongodb://localhost/bank"), plan.tables(), EnumStyle.CHECK);
    String script = ddl.plan().script();
    assertTrue(
        script.contains(
            "ALTER TABLE \"public\".\"installments\" ADD CONSTRAINT \"installments_fkey\" FOREIGN"
                + " KEY (\"_root_id\") REFERENCES \"public\".\"operations\" (\"_root_id\")"),
        script);
    assertTrue(
        script.contains(
            "ALTER TABLE \"public\".\"identities\" ADD CONSTRAINT \"identities_pkey\" PRIMARY KEY"
                + " (\"_root_id\", \"_ordinal\")"),
        script);
    assertTrue(script.contains("  \"tags\" text[] NOT NULL,\n"), script);
    assertTrue(script.contains("  \"client_income\" numeric NOT NULL,\n"), script);
    assertEquals(7, ddl.foreignKeys().size());
    assertEquals(List.of(), ddl.notes());
    assertEquals(
        List.of(
            List.of("clients"),
            List.of("identities", "addresses", "contacts", "bank_accounts", "operations"),
            List.of("installments", "cet_details")),
        ddl.loadOrder());
  }

  @Test
  void withoutRulesTablesAreNamedByPath() {
    FlattenPlan plan = FlattenPlan.of(Contracts.shape(), FlattenSpec.defaults());
    assertEquals(
        List.of(
            "contracts",
            "contracts_identity_documents",
            "contracts_addresses",
            "contracts_contacts",
            "contracts_operation_installments",
            "contracts_operation_cet_breakdown"),
        names(plan));
    assertEquals(
        List.of(
            "_id",
            "contract_number",
            "status",
            "score",
            "client_name",
            "client_cpf",
            "client_birth_date",
            "client_income",
            "bank_account_bank",
            "bank_account_branch",
            "bank_account_account",
            "bank_account_digit",
            "operation_amount",
            "operation_rate_monthly",
            "operation_term",
            "operation_issued_at",
            "operation_cet_annual_rate",
            "tags",
            "_extra"),
        columns(plan, "contracts"));
    assertEquals(
        "contracts",
        plan.table("contracts_operation_installments")
            .orElseThrow()
            .foreignKeys()
            .get(0)
            .referencedTable());
    assertEquals(2, plan.root().rowEstimate());
  }

  @Test
  void grandchildrenAreKeyedByEveryEnclosingOrdinal() {
    FlattenPlan plan =
        plan(
            """
            {"_id": 1, "orders": [{"ship": {"to": "x"},
                                   "items": [{"sku": "a", "parts": [{"n": 1}]}]}]}
            """,
            FlattenSpec.of(Map.of("orders.ship", Rule.as(As.TABLE))));
    assertEquals(
        """
        t (_id)
          _id bigint not null
          _extra jsonb
        t_orders (_root_id, _ordinal)
          _root_id bigint not null
          _ordinal integer not null
          _extra jsonb
          -> t (_root_id) = (_id)
        t_orders_ship (_root_id, _ordinal)
          _root_id bigint not null
          _ordinal integer not null
          to text not null
          _extra jsonb
          -> t_orders (_root_id, _ordinal) = (_root_id, _ordinal)
        t_orders_items (_root_id, _ordinal_1, _ordinal)
          _root_id bigint not null
          _ordinal_1 integer not null
          _ordinal integer not null
          sku text not null
          _extra jsonb
          -> t_orders (_root_id, _ordinal_1) = (_root_id, _ordinal)
        t_orders_items_parts (_root_id, _ordinal_1, _ordinal_2, _ordinal)
          _root_id bigint not null
          _ordinal_1 integer not null
          _ordinal_2 integer not null
          _ordinal integer not null
          n bigint not null
          _extra jsonb
          -> t_orders_items (_root_id, _ordinal_1, _ordinal_2) = (_root_id, _ordinal_1, _ordinal)
        """,
        Described.tables(plan.tables()));
  }

  @Test
  void subdocumentIdsAreOrdinaryColumnsBesideTheKey() {
    FlattenPlan plan =
        plan("{\"_id\": \"k\", \"items\": [{\"_id\": {\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}}]}");
    assertEquals(List.of("_root_id", "_ordinal", "_id", "_extra"), columns(plan, "t_items"));
    assertEquals("varchar(24)", columnType(plan, "t_items", "_id"));
    assertEquals("text", columnType(plan, "t_items", "_root_id"));
  }

  @ParameterizedTest(name = "_id {0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}     | varchar(24)",
        "\"c-1\"                                      | text",
        "7                                            | bigint",
        "{\"$numberLong\": \"7\"}                     | bigint",
        "2.5                                          | double precision",
        "{\"$numberDecimal\": \"7\"}                  | numeric",
        "{\"$date\": \"2024-01-01T00:00:00Z\"}        | timestamptz",
        "{\"$binary\": {\"base64\": \"AQI=\", \"subType\": \"00\"}} | bytea",
        "{\"a\": 1, \"b\": 2}                         | jsonb",
      })
  void idTypeFollowsItsBsonType(String id, String type) {
    FlattenPlan plan = plan("{\"_id\": " + id + ", \"x\": [{\"y\": 1}]}");
    assertEquals(type, columnType(plan, "t", "_id"));
    assertEquals(type, columnType(plan, "t_x", "_root_id"));
    assertTrue(plan.root().column("_id").map(c -> !c.nullable()).orElseThrow());
  }

  @Test
  void uuidIdsAreUuidWhenTheSamplerTellsThemApart() {
    String json = "{\"_id\": {\"$uuid\": \"0f4a5a54-4b7e-4c19-9a38-2f8d3e5c6b7a\"}}";
    FlattenPlan told =
        FlattenPlan.of(Shapes.of("t", Shapes.parse(json), true), FlattenSpec.defaults());
    assertEquals("uuid", columnType(told, "t", "_id"));
    assertEquals("bytea", columnType(plan(json), "t", "_id"));
    FlattenPlan cast = plan(json, FlattenSpec.of(Map.of("_id", Rule.castTo("uuid"))));
    assertEquals("uuid", columnType(cast, "t", "_id"));
  }

  @Test
  void anAsRulePlansTheStructureAndRejectsDocumentsWithAnythingElse() throws Exception {
    String json =
        """
        [{"_id": 1, "operation": {"amount": 5, "lines": [{"n": 1}]}},
         {"_id": 2, "operation": "see attachment"},
         {"_id": 3, "operation": {"amount": 7, "lines": "none"}}]
        """;
    FlattenSpec spec =
        FlattenSpec.of(
            Map.of(
                "operation", Rule.as(As.TABLE).withRename("operations"),
                "operation.lines", Rule.as(As.TABLE)));
    FlattenPlan plan = plan(json, spec);

    assertEquals(List.of("t", "operations", "operations_lines"), names(plan));
    assertNote(plan, "operation: ", "planned for objects as its rule says (as: table)");
    assertNote(plan, "operation.lines: ", "planned for arrays as its rule says (as: table)");
    DocumentFlattener flattener = DocumentFlattener.of(plan);
    List<org.bson.BsonDocument> docs = Shapes.parse(json);
    assertEquals(1, flattener.flatten(docs.get(0)).rows("operations_lines").size());
    String string =
        assertThrows(
                dev.ferry.schemas.types.ValueRejected.class, () -> flattener.flatten(docs.get(1)))
            .getMessage();
    assertTrue(string.contains("operation") && string.contains("an object"), string);
    String lines =
        assertThrows(
                dev.ferry.schemas.types.ValueRejected.class, () -> flattener.flatten(docs.get(2)))
            .getMessage();
    assertTrue(lines.contains("operation.lines") && lines.contains("an array"), lines);

    // Without a rule the mixed path stays one jsonb column; a rule that fits neither is an error.
    assertEquals("jsonb", columnType(plan(json), "t", "operation"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("operation", Rule.as(As.ARRAY))))
            .contains("as: array is for arrays; none seen here"));
  }

  @Test
  void idNotesMixedAndCompoundKeys() {
    FlattenPlan mixed =
        plan("[{\"_id\": {\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}}, {\"_id\": \"legacy-7\"}]");
    assertEquals("text", columnType(mixed, "t", "_id"));
    assertNote(mixed, "_id: OBJECT_ID, STRING seen, widened to text", "collide");
    assertNote(plan("{\"_id\": {\"a\": 1}}"), "_id", "compound key, kept as jsonb");
    FlattenPlan none =
        FlattenPlan.of(new CollectionShape("t", 0, 0, List.of()), FlattenSpec.defaults());
    assertEquals("text", columnType(none, "t", "_id"));
    assertNote(none, "_id: not seen in sampling");
    FlattenPlan renamed = plan("{\"_id\": 1}", FlattenSpec.of(Map.of("_id", Rule.renamed("id"))));
    assertEquals(List.of("id", "_extra"), columns(renamed, "t"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1 ; {\"$numberLong\": \"2\"}                    | bigint           | INT32 and INT64 seen, widened to bigint",
        "1 ; 2.5                                             | double precision | DOUBLE, INT32 seen, widened to double",
        "1 ; 2.5 ; {\"$numberDecimal\": \"3.25\"}        | numeric          | DECIMAL128, DOUBLE, INT32 seen, widened to numeric",
        "\"x\" ; {\"$oid\": \"65f1a2b3c4d5e6f708192a01\"} | text           | OBJECT_ID, STRING seen, widened to text",
        "\"x\" ; 1                                         | jsonb            | INT32, STRING seen, which no one type holds",
        "\"x\" ; {\"$date\": \"2024-01-01T00:00:00Z\"}   | jsonb            | DATE_TIME, STRING seen, which no one type holds",
        "true ; 1                                            | jsonb            | BOOLEAN, INT32 seen",
        "\"x\" ; {\"a\": 1}                              | jsonb            | DOCUMENT, STRING seen: kept as jsonb",
        "[1] ; 1                                             | jsonb            | ARRAY, INT32 seen: kept as jsonb",
        "null ; null                                         | text             | only NULL seen",
        "{\"$timestamp\": {\"t\": 1, \"i\": 2}}          | jsonb            |",
        "{\"$regularExpression\": {\"pattern\": \"a.*\", \"options\": \"i\"}} ; null | jsonb |",
        "{\"$symbol\": \"s\"}                              | text             |",
      })
  void mixedTypesWidenAndSaySo(String values, String type, String note) {
    StringBuilder docs = new StringBuilder("[");
    String[] each = values.split(";");
    for (int i = 0; i < each.length; i++) {
      docs.append(i == 0 ? "" : ",")
          .append("{\"_id\": ")
          .append(i)
          .append(", \"v\": ")
          .append(each[i].strip())
          .append('}');
    }
    FlattenPlan plan = plan(docs.append(']').toString());
    assertEquals(type, columnType(plan, "t", "v"));
    if (note == null) {
      assertEquals(List.of(), plan.notes());
    } else {
      assertNote(plan, "v: " + note);
    }
  }

  @Test
  void uuidAndBinaryWidenToBytes() {
    String json =
        "[{\"_id\": 1, \"v\": {\"$uuid\": \"0f4a5a54-4b7e-4c19-9a38-2f8d3e5c6b7a\"}},"
            + " {\"_id\": 2, \"v\": {\"$binary\": {\"base64\": \"AQI=\", \"subType\": \"00\"}}}]";
    FlattenPlan plan =
        FlattenPlan.of(Shapes.of("t", Shapes.parse(json), true), FlattenSpec.defaults());
    assertEquals("bytea", columnType(plan, "t", "v"));
    assertNote(plan, "v: BINARY, UUID seen, widened to bytes");
  }

  @Test
  void namesNeverCollideWhateverOrderSamplingSawTheFieldsIn() {
    String json =
        "{\"_id\": 1, \"a\": {\"b\": 1}, \"a_b\": 2, \"a.b\": 3, \"\": 4, \"first name\": 5,"
            + " \"$price\": 6, \"_extra\": 7, \"Case\": 8, \"case\": 9}";
    FlattenPlan plan = plan(json);
    List<String> expected =
        List.of(
            "_id",
            "a_b_2",
            "a_b",
            "a.b",
            "_",
            "first name",
            "$price",
            "_extra_2",
            "Case",
            "case",
            "_extra");
    assertEquals(expected, columns(plan, "t"));
    assertNote(plan, "a.b: named \"a_b_2\" (column of table \"t\") because \"a_b\" is taken");
    assertNote(plan, "_extra: named \"_extra_2\"");

    CollectionShape shape = Shapes.of("t", json);
    List<FieldStats> reversed = new ArrayList<>(shape.fields());
    Collections.reverse(reversed);
    FlattenPlan again =
        FlattenPlan.of(new CollectionShape("t", 1, 1, reversed), FlattenSpec.defaults());
    assertEquals(columnPaths(plan), columnPaths(again));
    assertEquals("a.b", columnPaths(plan).get("a_b_2"));
    assertEquals("a_b", columnPaths(plan).get("a_b"));
  }

  /** The root table's column names and the paths they hold. */
  private static Map<String, String> columnPaths(FlattenPlan plan) {
    Map<String, String> paths = new java.util.TreeMap<>();
    List<String> held = plan.layouts().get(0).paths();
    for (int i = 0; i < held.size(); i++) {
      paths.put(plan.root().columns().get(i).name(), held.get(i));
    }
    return paths;
  }

  @Test
  void tableNamesNeverCollideEither() {
    FlattenPlan plan = plan("{\"_id\": 1, \"a\": {\"b\": [{\"x\": 1}]}, \"a_b\": [{\"y\": 1}]}");
    assertEquals(List.of("t", "t_a_b_2", "t_a_b"), names(plan));
    assertEquals(List.of("_root_id", "_ordinal", "y", "_extra"), columns(plan, "t_a_b"));
    assertNote(plan, "a.b: named \"t_a_b_2\" (table) because \"t_a_b\" is taken");
  }

  @Test
  void renamesThatCollideAreErrors() {
    String json = "{\"_id\": 1, \"a\": 1, \"b\": 2, \"c\": [{\"d\": 1}], \"e\": [{\"f\": 1}]}";
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("a", Rule.renamed("x"), "b", Rule.renamed("x"))))
            .contains("a and b are both named \"x\""));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("c.d", Rule.renamed("_ordinal"))))
            .contains(
                "is renamed to \"_ordinal\", a column of table \"t_c\" that ferry makes itself"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("c", Rule.renamed("z"), "e", Rule.renamed("z"))))
            .contains("are both named \"z\" (table)"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("c", Rule.renamed("t"))))
            .contains("are both named \"t\" (table)"));
    assertEquals(
        List.of("_id", "x", "b", "_extra"),
        columns(plan(json, FlattenSpec.of(Map.of("a", Rule.renamed("x")))), "t"));
  }

  @Test
  void renamingAnObjectRenamesItsColumnsPrefix() {
    FlattenPlan plan =
        plan(
            "{\"_id\": 1, \"billing\": {\"address\": {\"city\": \"x\", \"zip\": \"y\"}}}",
            FlattenSpec.of(
                Map.of(
                    "billing.address", Rule.renamed("addr"),
                    "billing.address.zip", Rule.renamed("postal_code"))));
    assertEquals(List.of("_id", "addr_city", "postal_code", "_extra"), columns(plan, "t"));
  }

  @Test
  void arraysOfScalarsArePostgresArraysOfTheirType() {
    FlattenPlan plan =
        plan(
            """
            {"_id": 1, "i": [1, {"$numberLong": "2"}], "d": [1.5, 2], "n": [{"$numberDecimal": "1.5"}],
             "b": [true], "s": ["a", null], "o": [{"$oid": "65f1a2b3c4d5e6f708192a01"}],
             "t": [{"$date": "2024-01-01T00:00:00Z"}], "m": [1, "a"], "nested": [[1, 2], [3]],
             "empty": [], "objects": [{"a": 1}, 2]}
            """);
    assertEquals(
        """
        t (_id)
          _id bigint not null
          i bigint[] not null
          d double precision[] not null
          n numeric[] not null
          b boolean[] not null
          s text[] not null
          o varchar(24)[] not null
          t timestamptz[] not null
          m jsonb not null
          nested jsonb not null
          empty jsonb not null
          objects jsonb not null
          _extra jsonb
        """,
        Described.tables(plan.tables()));
    assertNote(plan, "i.[]: INT32 and INT64 seen, widened to bigint");
    assertNote(plan, "m.[]: INT32, STRING seen, which no one type holds: kept as jsonb");
    assertNote(
        plan, "nested: elements ARRAY (arrays in arrays) seen: the whole array kept as jsonb");
    assertNote(plan, "empty: only empty arrays or null elements seen");
    assertNote(plan, "objects: elements DOCUMENT, INT32 seen: the whole array kept as jsonb");
  }

  @Test
  void arraysOfScalarsBecomeTablesOnRequest() {
    String json = "{\"_id\": \"k\", \"tags\": [\"a\", \"b\"], \"scores\": [1, null]}";
    FlattenPlan one = plan(json, FlattenSpec.of(Map.of("tags", Rule.as(As.TABLE))));
    assertEquals(
        """
        t (_id)
          _id text not null
          scores bigint[] not null
          _extra jsonb
        t_tags (_root_id, _ordinal)
          _root_id text not null
          _ordinal integer not null
          value text not null
          _extra jsonb
          -> t (_root_id) = (_id)
        """,
        Described.tables(one.tables()));
    FlattenPlan all = plan(json, FlattenSpec.defaults().withArrays(As.TABLE));
    assertEquals(List.of("t", "t_tags", "t_scores"), names(all));
    assertEquals("bigint", columnType(all, "t_scores", "value"));
    assertTrue(all.table("t_scores").orElseThrow().column("value").orElseThrow().nullable());
    FlattenPlan cast = plan(json, FlattenSpec.of(Map.of("scores", Rule.castTo("decimal(10,2)"))));
    assertEquals("numeric(10,2)[]", columnType(cast, "t", "scores"));
  }

  @Test
  void nullableUnlessEverySampledRowHadAValue() {
    FlattenPlan plan =
        plan(
            """
            [{"_id": 1, "a": 1, "b": null, "c": {"d": 1}, "xs": [{"e": 1, "f": 1}, {"e": 2}, null]},
             {"_id": 2, "a": 2, "b": 1, "xs": [{"e": 3, "f": null}]}]
            """);
    assertEquals(
        """
        t (_id)
          _id bigint not null
          a bigint not null
          b bigint
          c_d bigint
          _extra jsonb
        t_xs (_root_id, _ordinal)
          _root_id bigint not null
          _ordinal integer not null
          e bigint
          f bigint
          _extra jsonb
          -> t (_root_id) = (_id)
        """,
        Described.tables(plan.tables()));
  }

  @Test
  void maxDepthKeepsDeeperObjectsAsJson() {
    FlattenSpec spec = FlattenSpec.defaults().withMaxDepth(1).withTable("contracts");
    FlattenPlan plan = FlattenPlan.of(Contracts.shape(), spec);
    assertEquals(List.of("contracts"), names(plan));
    assertEquals("jsonb", columnType(plan, "contracts", "client"));
    assertEquals("jsonb", columnType(plan, "contracts", "identity_documents"));
    assertEquals("text[]", columnType(plan, "contracts", "tags"));
    assertNote(plan, "client: objects at max_depth 1 kept as jsonb");
    assertNote(plan, "identity_documents: arrays of objects at max_depth 1 kept as jsonb");

    FlattenPlan two = FlattenPlan.of(Contracts.shape(), FlattenSpec.defaults().withMaxDepth(2));
    assertEquals(
        List.of(
            "contracts",
            "contracts_identity_documents",
            "contracts_addresses",
            "contracts_contacts"),
        names(two));
    assertEquals("jsonb", columnType(two, "contracts", "operation_installments"));
    assertEquals("jsonb", columnType(two, "contracts", "operation_cet"));
  }

  @Test
  void rulesCastKeepJsonAndSkip() {
    FlattenPlan plan =
        FlattenPlan.of(
            Contracts.shape(),
            FlattenSpec.of(
                Map.of(
                    "client", Rule.asJson(),
                    "operation.term", Rule.castTo("int"),
                    "operation.installments", Rule.skipped(),
                    "contacts.primary", Rule.castTo("text"),
                    "tags", Rule.asJson().withRename("labels"))));
    assertEquals("jsonb", columnType(plan, "contracts", "client"));
    assertEquals("integer", columnType(plan, "contracts", "operation_term"));
    assertEquals("text", columnType(plan, "contracts_contacts", "primary"));
    assertEquals("jsonb", columnType(plan, "contracts", "labels"));
    assertTrue(plan.table("contracts_operation_installments").isEmpty());
    assertTrue(
        plan.notes().stream().noneMatch(n -> n.contains("operation.term")), plan.notes()::toString);
  }

  @Test
  void rulesForFieldsSamplingNeverSawMakeColumnsFromTheirType() {
    FlattenPlan plan =
        plan(
            "{\"_id\": 1, \"a\": {\"b\": 1}}",
            FlattenSpec.of(
                Map.of(
                    "late", Rule.castTo("timestamp"),
                    "a.c", Rule.castTo("decimal(10,2)"),
                    "new.deep", Rule.asJson(),
                    "list", new Rule(null, "bigint", null, null, As.ARRAY),
                    "rows", new Rule(null, "text", null, null, As.TABLE),
                    "gone", Rule.skipped(),
                    "vague", Rule.renamed("v"),
                    "a.b.c", Rule.renamed("x"))));
    assertEquals(
        """
        t (_id)
          _id bigint not null
          a_b bigint not null
          a_c numeric(10,2)
          late timestamptz
          list bigint[]
          new_deep jsonb
          _extra jsonb
        t_rows (_root_id, _ordinal)
          _root_id bigint not null
          _ordinal integer not null
          value text
          _extra jsonb
          -> t (_root_id) = (_id)
        """,
        Described.tables(plan.tables()));
    assertNote(plan, "late: not seen in sampling; a timestamp from its cast");
    assertNote(plan, "vague: not seen in sampling; its rule has no cast");
    assertNote(plan, "a.b.c: the rule matches no field that is flattened");
  }

  @Test
  void rulesThatContradictTheShapeAreErrorsNamingThePath() {
    String json =
        "{\"_id\": 1, \"o\": {\"a\": 1}, \"xs\": [{\"a\": 1}], \"s\": 1, \"tags\": [\"a\"]}";
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("o", Rule.castTo("text"))))
            .startsWith("flatten path o holds objects or arrays of them; cast takes scalars"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("xs", Rule.castTo("text"))))
            .startsWith("flatten path xs"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("o", Rule.as(As.ARRAY))))
            .contains("as: array is for arrays of scalars"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("xs", Rule.as(As.ARRAY))))
            .contains("as: array does not fit an array of objects"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("tags", Rule.as(As.COLUMNS))))
            .contains("as: columns is for objects"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("s", Rule.as(As.TABLE))))
            .contains("flatten path s as: table is for objects and arrays; it holds INT32"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("s", Rule.castTo("integer(3)"))))
            .startsWith("flatten path s has a bad cast: unknown type 'integer(3)'"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("s", new Rule("x", null, null, true, null))))
            .contains("skip: true stands alone"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("o", new Rule(null, null, true, null, As.TABLE))))
            .contains("json: true and as: table exclude each other"));
    assertTrue(
        rejected(json, FlattenSpec.of(Map.of("_id", Rule.skipped())))
            .contains("flatten path _id is the root table's key"));
  }

  @Test
  void withoutExtraColumnTablesHaveNone() {
    FlattenPlan plan =
        FlattenPlan.of(Contracts.shape(), FlattenSpec.defaults().withExtra(Extra.DROP));
    assertTrue(plan.tables().stream().allMatch(t -> t.column("_extra").isEmpty()));
  }

  @Test
  void moreColumnsThanPostgresAllowsIsAnErrorWithAWayOut() {
    StringBuilder json = new StringBuilder("{\"_id\": 1, \"wide\": {");
    for (int i = 0; i < 1600; i++) {
      json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": 1");
    }
    json.append("}}");
    String message = rejected(json.toString(), FlattenSpec.defaults());
    assertTrue(message.contains("would have 1602 columns, more than PostgreSQL's 1600"), message);
    assertEquals(
        "jsonb",
        columnType(
            plan(json.toString(), FlattenSpec.of(Map.of("wide", Rule.asJson()))), "t", "wide"));
  }
}
