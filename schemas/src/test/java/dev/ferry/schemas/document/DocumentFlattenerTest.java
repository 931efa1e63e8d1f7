package dev.ferry.schemas.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.document.FlattenSpec.As;
import dev.ferry.schemas.document.FlattenSpec.Extra;
import dev.ferry.schemas.document.FlattenSpec.LegacyUuid;
import dev.ferry.schemas.document.FlattenSpec.Mismatch;
import dev.ferry.schemas.document.FlattenSpec.Rule;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ValueRejected;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonBinary;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class DocumentFlattenerTest {

  private static final String ID = "65f1a2b3c4d5e6f708192a01";
  private static final UUID A_UUID = UUID.fromString("0f4a5a54-4b7e-4c19-9a38-2f8d3e5c6b7a");

  /** A plan sampled from {@code sample} and the rows of {@code document}. */
  private record Flat(FlattenPlan plan, FlatRows rows) {

    Map<String, Object> row(String table, int i) {
      Table t = plan.table(table).orElseThrow();
      List<Object> values = rows.rows(table).get(i);
      Map<String, Object> byName = new LinkedHashMap<>();
      for (int c = 0; c < t.columns().size(); c++) {
        byName.put(t.columns().get(c).name(), values.get(c));
      }
      return byName;
    }

    Object value(String table, int i, String column) {
      Map<String, Object> row = row(table, i);
      assertTrue(row.containsKey(column), () -> "no column " + column + " in " + row.keySet());
      return row.get(column);
    }

    Object root(String column) {
      return value(plan.root().name(), 0, column);
    }
  }

  private static Flat flat(List<BsonDocument> sample, FlattenSpec spec, BsonDocument document)
      throws ValueRejected {
    FlattenPlan plan = FlattenPlan.of(Shapes.of("t", sample, true), spec);
    return new Flat(plan, DocumentFlattener.of(plan).flatten(document));
  }

  private static Flat flat(String sample, FlattenSpec spec, String document) throws ValueRejected {
    return flat(Shapes.parse(sample), spec, BsonDocument.parse(document));
  }

  private static Flat flat(String sample, String document) throws ValueRejected {
    return flat(sample, FlattenSpec.defaults(), document);
  }

  private static String rejected(String sample, FlattenSpec spec, String document) {
    return rejected(Shapes.parse(sample), spec, BsonDocument.parse(document));
  }

  private static String rejected(List<BsonDocument> sample, FlattenSpec spec, BsonDocument doc) {
    FlattenPlan plan = FlattenPlan.of(Shapes.of("t", sample, true), spec);
    return assertThrows(ValueRejected.class, () -> DocumentFlattener.of(plan).flatten(doc))
        .getMessage();
  }

  private static BsonDocument contract(int i) {
    return Contracts.documents().get(i).clone();
  }

  private static String rejectedContract(FlattenSpec spec, BsonDocument document) {
    return rejected(Contracts.documents(), spec, document);
  }

  @Test
  void aContractFillsEveryTable() throws ValueRejected {
    Flat f = flat(Contracts.documents(), Contracts.spec(), contract(0));
    assertEquals(ID, f.rows().key());
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("_id", ID);
    client.put("contract_number", "CCB-2024-000123");
    client.put("status", "active");
    client.put("score", "\"A\"");
    client.put("client_name", "Maria da Silva");
    client.put("client_cpf", "52998224725");
    client.put("client_birth_date", Instant.parse("1985-04-12T00:00:00Z"));
    client.put("client_income", "8500.00");
    client.put("tags", "{\"payroll\",\"new \\\"client\\\"\"}");
    client.put("_extra", null);
    assertEquals(client, f.row("clients", 0));

    assertEquals(
        List.of(
            Arrays.asList(ID, 0, "CPF", "529.982.247-25", null, null, null),
            Arrays.asList(
                ID,
                1,
                "RG",
                "12.345.678-9",
                "SSP/SP",
                Instant.parse("2005-06-01T00:00:00Z"),
                null)),
        f.rows().rows("identities"));
    assertEquals(
        List.of(Arrays.asList(ID, "341", "1234", "56789", "0", null)),
        f.rows().rows("bank_accounts"));
    assertEquals(
        List.of(
            Arrays.asList(
                ID,
                new BigDecimal("15000.00"),
                0.0189,
                3L,
                Instant.parse("2024-03-15T13:45:00.123Z"),
                0.2561,
                null)),
        f.rows().rows("operations"));
    assertEquals(
        Arrays.asList(ID, 2, 3L, Instant.parse("2024-06-15T00:00:00Z"), "5095.13", false, null),
        f.rows().rows("installments").get(2));
    assertEquals(
        List.of("principal", "IOF", "insurance"),
        f.rows().rows("cet_details").stream().map(r -> r.get(2)).toList());
    assertEquals(List.of(), f.rows().dropped());
    assertEquals(1 + 2 + 1 + 2 + 1 + 1 + 3 + 3, f.rows().size());
  }

  @Test
  void childRowsMatchArrayLengthsWithOrdinalsFromZero() throws ValueRejected {
    FlattenPlan plan = Contracts.plan();
    DocumentFlattener flattener = DocumentFlattener.of(plan);
    for (BsonDocument d : Contracts.documents()) {
      FlatRows rows = flattener.flatten(d);
      BsonDocument op = d.getDocument("operation");
      Map<String, Integer> lengths =
          Map.of(
              "clients", 1,
              "identities", d.getArray("identity_documents").size(),
              "addresses", d.getArray("addresses").size(),
              "contacts", d.getArray("contacts").size(),
              "bank_accounts", 1,
              "operations", 1,
              "installments", op.getArray("installments").size(),
              "cet_details", op.getDocument("cet").getArray("breakdown").size());
      assertEquals(lengths.keySet(), rows.rows().keySet());
      lengths.forEach((table, n) -> assertEquals(n, rows.rows(table).size(), table));
      List<Object> ordinals = rows.rows("installments").stream().map(r -> r.get(1)).toList();
      List<Object> expected = new ArrayList<>();
      for (int i = 0; i < ordinals.size(); i++) {
        expected.add(i);
      }
      assertEquals(expected, ordinals);
      for (List<List<Object>> table : rows.rows().values()) {
        table.forEach(r -> assertEquals(rows.key(), r.get(0)));
      }
    }
  }

  @Test
  void theSameDocumentGivesTheSameKeysOnEveryRunAndWorker() throws Exception {
    DocumentFlattener flattener = DocumentFlattener.of(Contracts.plan());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(flattener);
    }
    DocumentFlattener shipped;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      shipped = (DocumentFlattener) in.readObject();
    }
    for (BsonDocument d : Contracts.documents()) {
      assertEquals(flattener.flatten(d), flattener.flatten(d));
      assertEquals(flattener.flatten(d), shipped.flatten(d.clone()));
    }
  }

  @Test
  void aMissingObjectTableGivesNoRowsThere() throws ValueRejected {
    BsonDocument d = contract(1);
    d.remove("operation");
    d.put("bank_account", new org.bson.BsonNull());
    FlatRows rows = DocumentFlattener.of(Contracts.plan()).flatten(d);
    assertEquals(List.of(), rows.rows("operations"));
    assertEquals(List.of(), rows.rows("installments"));
    assertEquals(List.of(), rows.rows("bank_accounts"));
  }

  @Test
  void objectIdsDecimalsDatesAndIntegersKeepEveryDigit() throws ValueRejected {
    String sample =
        """
        {"_id": {"$oid": "65f1a2b3c4d5e6f708192a01"}, "ref": {"$oid": "65f1a2b3c4d5e6f708192a02"},
         "dec": {"$numberDecimal": "1"}, "exact": {"$numberDecimal": "1"},
         "when": {"$date": "2024-01-01T00:00:00Z"}, "day": {"$date": "2024-01-01T00:00:00Z"},
         "wall": {"$date": "2024-01-01T00:00:00Z"}, "n": 1, "flag": true}
        """;
    FlattenSpec spec =
        FlattenSpec.of(
            Map.of(
                "exact", Rule.castTo("decimal(38,15)"),
                "day", Rule.castTo("date"),
                "wall", Rule.castTo("timestamp_local")));
    Flat f =
        flat(
            sample,
            spec,
            """
            {"_id": {"$oid": "65F1A2B3C4D5E6F708192A01"}, "ref": {"$oid": "65f1a2b3c4d5e6f708192a02"},
             "dec": {"$numberDecimal": "1234567890123456789.012345678901234"},
             "exact": {"$numberDecimal": "1234567890123456789.012345678901234"},
             "when": {"$date": "1969-07-20T20:17:40.123Z"}, "day": {"$date": "1969-07-20T00:00:00Z"},
             "wall": {"$date": "2024-02-29T23:59:59.999Z"}, "n": {"$numberLong": "9007199254740993"},
             "flag": false}
            """);
    assertEquals(ID, f.root("_id"));
    assertEquals("65f1a2b3c4d5e6f708192a02", f.root("ref"));
    assertEquals("1234567890123456789.012345678901234", f.root("dec"));
    assertEquals(new BigDecimal("1234567890123456789.012345678901234"), f.root("exact"));
    assertEquals(Instant.parse("1969-07-20T20:17:40.123Z"), f.root("when"));
    assertEquals(LocalDate.parse("1969-07-20"), f.root("day"));
    assertEquals(LocalDateTime.parse("2024-02-29T23:59:59.999"), f.root("wall"));
    assertEquals(9007199254740993L, f.root("n"));
    assertEquals(false, f.root("flag"));

    assertTrue(
        rejected(
                sample,
                spec,
                "{\"_id\": {\"$oid\": \""
                    + ID
                    + "\"}, \"day\": {\"$date\": \"2024-01-01T10:00:00Z\"}}")
            .startsWith("day: date-time 2024-01-01T10:00Z is not a date (it is not midnight UTC)"));
    assertTrue(
        rejected(
                sample,
                spec,
                "{\"_id\": {\"$oid\": \""
                    + ID
                    + "\"}, \"exact\": {\"$numberDecimal\": \"0.1234567890123456\"}}")
            .startsWith("exact: 0.1234567890123456 has more than 15 decimal places"));
  }

  @Test
  void decimalNanAndInfinityAreRefusedNegativeZeroIsZero() throws ValueRejected {
    List<BsonDocument> sample =
        List.of(
            new BsonDocument("_id", new BsonInt32(1))
                .append("d", new BsonDecimal128(Decimal128.parse("1.5"))));
    for (Decimal128 bad :
        List.of(Decimal128.NaN, Decimal128.POSITIVE_INFINITY, Decimal128.NEGATIVE_INFINITY)) {
      String reason =
          rejected(
              sample,
              FlattenSpec.defaults(),
              new BsonDocument("_id", new BsonInt32(2)).append("d", new BsonDecimal128(bad)));
      assertTrue(reason.startsWith("d: decimal128 " + bad + " is not a finite number"), reason);
      assertTrue(reason.endsWith("(column \"t\".\"d\" numeric)"), reason);
    }
    Flat f =
        flat(
            sample,
            FlattenSpec.defaults(),
            new BsonDocument("_id", new BsonInt32(2))
                .append("d", new BsonDecimal128(Decimal128.parse("-0.00"))));
    assertEquals("0.00", f.root("d"));
  }

  @Test
  void mixedNumbersWidenAndADoubleNeverRoundsAnInteger() throws ValueRejected {
    String sample =
        "[{\"_id\": 1, \"v\": 1, \"w\": 1}, {\"_id\": 2, \"v\": 2.5, \"w\": {\"$numberLong\": \"2\"}}]";
    Flat f = flat(sample, "{\"_id\": 3, \"v\": 2, \"w\": 7}");
    assertEquals(2.0, f.root("v"));
    assertEquals(7L, f.root("w"));
    assertEquals(
        9007199254740992.0,
        flat(sample, "{\"_id\": 3, \"v\": {\"$numberLong\": \"9007199254740992\"}, \"w\": 1}")
            .root("v"));
    assertTrue(
        rejected(
                sample,
                FlattenSpec.defaults(),
                "{\"_id\": 3, \"v\": {\"$numberLong\": \"9007199254740993\"}, \"w\": 1}")
            .startsWith("v: integer 9007199254740993 does not fit a double exactly"));
    assertTrue(
        rejected(sample, FlattenSpec.defaults(), "{\"_id\": 3, \"v\": 1, \"w\": 2.5}")
            .startsWith("w: 2.5 is not an integer in range for bigint"));
    assertEquals(3L, flat(sample, "{\"_id\": 3, \"v\": 1, \"w\": 3.0}").root("w"));
    Flat big =
        flat(
            "[{\"_id\": 1, \"d\": 1}, {\"_id\": 2, \"d\": {\"$numberDecimal\": \"1\"}}]",
            "{\"_id\": 3, \"d\": {\"$numberDecimal\": \"1E+400\"}}");
    assertEquals("1" + "0".repeat(400), big.root("d"));
  }

  @Test
  void uuidsBinariesAndLegacyByteOrders() throws ValueRejected {
    BsonDocument sample =
        new BsonDocument("_id", new BsonBinary(A_UUID, UuidRepresentation.STANDARD))
            .append("u4", new BsonBinary(A_UUID, UuidRepresentation.STANDARD))
            .append("u3", new BsonBinary(A_UUID, UuidRepresentation.JAVA_LEGACY))
            .append("raw", new BsonBinary(new byte[] {1, 2, 3}))
            .append("kept", new BsonBinary(new byte[] {4}));
    BsonDocument doc =
        sample.clone().append("kept", new BsonBinary(A_UUID, UuidRepresentation.STANDARD));
    Flat f = flat(List.of(sample), FlattenSpec.defaults(), doc);
    assertEquals(A_UUID.toString(), f.root("_id"));
    assertEquals(A_UUID.toString(), f.root("u4"));
    assertEquals(A_UUID.toString(), f.root("u3"));
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) f.root("raw"));
    assertArrayEquals(
        new BsonBinary(A_UUID, UuidRepresentation.STANDARD).getData(), (byte[]) f.root("kept"));
    assertEquals("uuid", Described.type(f.plan().root().column("u3").orElseThrow()));

    BsonDocument python =
        sample.clone().append("u3", new BsonBinary(A_UUID, UuidRepresentation.PYTHON_LEGACY));
    Flat p =
        flat(List.of(sample), FlattenSpec.defaults().withLegacyUuid(LegacyUuid.PYTHON), python);
    assertEquals(A_UUID.toString(), p.root("u3"));
    BsonDocument csharp =
        sample.clone().append("u3", new BsonBinary(A_UUID, UuidRepresentation.C_SHARP_LEGACY));
    Flat c =
        flat(List.of(sample), FlattenSpec.defaults().withLegacyUuid(LegacyUuid.CSHARP), csharp);
    assertEquals(A_UUID.toString(), c.root("u3"));

    String reason =
        rejected(
            List.of(sample),
            FlattenSpec.defaults(),
            sample.clone().append("u4", new BsonBinary(new byte[] {1, 2})));
    assertTrue(reason.startsWith("u4: binary (subtype 0, 2 bytes) is not a UUID"), reason);
    assertEquals(
        A_UUID.toString(),
        flat(
                List.of(sample),
                FlattenSpec.defaults(),
                sample.clone().append("u4", new BsonString(A_UUID.toString())))
            .root("u4"));
  }

  @Test
  void nullAndMissingAreNullInColumnsButStayApartInJson() throws ValueRejected {
    String sample = "[{\"_id\": 1, \"j\": {\"a\": 1}, \"s\": \"x\"}, {\"_id\": 2, \"s\": null}]";
    FlattenSpec spec = FlattenSpec.of(Map.of("j", Rule.asJson()));
    Flat nulls = flat(sample, spec, "{\"_id\": 3, \"j\": null, \"s\": null, \"new\": null}");
    assertEquals("null", nulls.root("j"));
    assertNull(nulls.root("s"));
    assertEquals("{\"new\": null}", nulls.root("_extra"));
    Flat missing = flat(sample, spec, "{\"_id\": 4}");
    assertNull(missing.root("j"));
    assertNull(missing.root("s"));
    assertNull(missing.root("_extra"));
    assertEquals(
        "{\"a\": 1, \"b\": {\"$numberLong\": \"2\"}}",
        flat(sample, spec, "{\"_id\": 5, \"j\": {\"a\": 1, \"b\": {\"$numberLong\": \"2\"}}}")
            .root("j"));
  }

  @Test
  void keysWithDotsBlanksAndDollarsLandInTheirOwnColumns() throws ValueRejected {
    String json =
        "{\"_id\": 1, \"a.b\": 1, \"a\": {\"b\": 2}, \"a_b\": 3, \"first name\": \"x\","
            + " \"$price\": 2.5, \"\": \"empty\"}";
    Flat f = flat(json, json);
    assertEquals(1L, f.root("a.b"));
    assertEquals(2L, f.root("a_b_2"));
    assertEquals(3L, f.root("a_b"));
    assertEquals("x", f.root("first name"));
    assertEquals(2.5, f.root("$price"));
    assertEquals("empty", f.root("_"));
  }

  @Test
  void extraHoldsUnknownFieldsInTheirRowAsRoundTrippingExtendedJson() throws ValueRejected {
    BsonDocument surprise =
        BsonDocument.parse(
            """
            {"i32": 1, "i64": {"$numberLong": "2"}, "d": 1.0, "nan": {"$numberDouble": "NaN"},
             "dec": {"$numberDecimal": "1.10"}, "date": {"$date": "2024-01-01T00:00:00.001Z"},
             "old": {"$date": {"$numberLong": "-62135596800001"}},
             "oid": {"$oid": "65f1a2b3c4d5e6f708192a01"},
             "uuid": {"$binary": {"base64": "D0paVEt+TBmaOC+NPlxreg==", "subType": "04"}},
             "re": {"$regularExpression": {"pattern": "^a", "options": "i"}},
             "ts": {"$timestamp": {"t": 1700000000, "i": 7}}, "arr": [1, "a", null, [2]],
             "nul": null, "dotted.key": 1, "first name": "x", "$odd": "v", "max": {"$maxKey": 1}}
            """);
    BsonDocument d = contract(0);
    d.put("surprise", surprise);
    d.getDocument("client").put("nickname", new BsonString("Mari"));
    d.getArray("contacts").get(1).asDocument().put("note", new BsonString("after 6pm"));
    Flat f = flat(Contracts.documents(), Contracts.spec(), d);
    String extra = (String) f.value("clients", 0, "_extra");
    BsonDocument parsed = BsonDocument.parse(extra);
    assertEquals(
        new BsonDocument("client", new BsonDocument("nickname", new BsonString("Mari")))
            .append("surprise", surprise),
        parsed);
    assertTrue(extra.contains("\"i32\": 1,"), extra);
    assertTrue(extra.contains("\"d\": 1.0,"), extra);
    assertEquals("{\"note\": \"after 6pm\"}", f.value("contacts", 1, "_extra"));
    assertNull(f.value("contacts", 0, "_extra"));
  }

  @Test
  void unknownFieldsCanBeDroppedAndCountedOrRejectTheDocument() throws ValueRejected {
    BsonDocument d = contract(0);
    d.getDocument("client").put("nickname", new BsonString("Mari"));
    d.getArray("contacts").get(1).asDocument().put("note", new BsonString("after 6pm"));
    Flat dropped = flat(Contracts.documents(), Contracts.spec().withExtra(Extra.DROP), d);
    assertEquals(List.of("client.nickname", "contacts.1.note"), dropped.rows().dropped());
    assertEquals(9, dropped.row("clients", 0).size());
    assertEquals(
        "client.nickname: a field sampling never saw; the job's extra: dead_letter rejects such"
            + " documents",
        rejectedContract(Contracts.spec().withExtra(Extra.DEAD_LETTER), d));
  }

  @Test
  void aValueThatDoesNotFitRejectsTheDocumentNamingPathAndColumn() {
    BsonDocument d = contract(0);
    d.getDocument("operation").put("term", new BsonString("twelve"));
    assertEquals(
        "operation.term: 'twelve' is not an integer (column \"operations\".\"term\" bigint)",
        rejectedContract(Contracts.spec(), d));
    BsonDocument e = contract(0);
    e.getArray("contacts").get(1).asDocument().put("primary", new BsonString("maybe"));
    assertTrue(
        rejectedContract(Contracts.spec(), e)
            .matches(
                "contacts\\.1\\.primary: 'maybe' is not a boolean .*\\(column \"contacts\"\\.\"primary\" boolean\\)"));
    BsonDocument g = contract(0);
    g.put("client", new BsonString("Maria"));
    assertEquals(
        "client: string 'Maria' where sampling saw an object",
        rejectedContract(Contracts.spec(), g));
    BsonDocument h = contract(0);
    h.getArray("addresses").add(new BsonString("Rua X"));
    assertEquals(
        "addresses.1: string 'Rua X' where sampling saw an object",
        rejectedContract(Contracts.spec(), h));
  }

  @Test
  void withMismatchExtraTheValueMovesToExtraAndTheColumnStaysNull() throws ValueRejected {
    FlattenSpec spec = Contracts.spec().withMismatch(Mismatch.EXTRA);
    BsonDocument d = contract(0);
    d.getArray("identity_documents")
        .get(1)
        .asDocument()
        .put("issued_at", new BsonString("someday"));
    d.put("bank_account", new BsonString("n/a"));
    Flat f = flat(Contracts.documents(), spec, d);
    assertNull(f.value("identities", 1, "issued_at"));
    assertEquals("{\"issued_at\": \"someday\"}", f.value("identities", 1, "_extra"));
    assertEquals(List.of(), f.rows().rows("bank_accounts"));
    assertEquals("{\"bank_account\": \"n/a\"}", f.value("clients", 0, "_extra"));
  }

  @Test
  void documentsWithoutAUsableIdAreRejected() {
    BsonDocument d = contract(0);
    d.remove("_id");
    assertEquals(
        "the document has no _id, which its rows are keyed by",
        rejectedContract(Contracts.spec(), d));
    d.put("_id", new org.bson.BsonNull());
    assertEquals(
        "the document's _id is null; its rows need a key", rejectedContract(Contracts.spec(), d));
    d.put("_id", new BsonString("not-an-object-id-but-long-text"));
    assertEquals(
        "_id: text of 30 characters is longer than varchar(24) (column \"clients\".\"_id\""
            + " varchar(24))",
        rejectedContract(Contracts.spec(), d));
    assertEquals(
        "_id: 'abc' is not an integer (column \"t\".\"_id\" bigint)",
        rejected("{\"_id\": 1}", FlattenSpec.defaults(), "{\"_id\": \"abc\"}"));
  }

  @Test
  void aValueEverySampledRowHadMayNotGoMissing() {
    BsonDocument d = contract(0);
    d.remove("contract_number");
    assertEquals(
        "contract_number is missing or null, and every sampled document had a value there, so its"
            + " column is NOT NULL (column \"clients\".\"contract_number\" text)",
        rejectedContract(Contracts.spec(), d));
    BsonDocument e = contract(0);
    e.getDocument("operation").getArray("installments").get(1).asDocument().remove("due_date");
    assertTrue(
        rejectedContract(Contracts.spec(), e)
            .startsWith(
                "operation.installments.1: operation.installments.[].due_date is missing or null"));
  }

  @Test
  void arraysOfScalarsArePostgresLiteralsQuotedAndEscaped() throws ValueRejected {
    String sample =
        """
        {"_id": 1, "tags": ["a", null], "n": [{"$numberDecimal": "1"}, 2, 2.5], "b": [true],
         "t": [{"$date": "2024-01-01T00:00:00Z"}], "bin": [{"$binary": {"base64": "AQI=", "subType": "00"}}],
         "i": [1], "d": [1.5], "nested": [[1], [2, 3]]}
        """;
    Flat f =
        flat(
            sample,
            """
            {"_id": 1, "tags": ["a,b", "{x}", "quote\\"d", "back\\\\slash", "NULL", null, "", " sp "],
             "n": [{"$numberDecimal": "1.10"}, 2, 2.5, {"$numberDecimal": "-1E-3"}], "b": [true, false],
             "t": [{"$date": "2024-01-01T00:00:00.123Z"}, {"$date": "-000044-03-15T12:00:00Z"}],
             "bin": [{"$binary": {"base64": "AQI=", "subType": "00"}}], "i": [], "d": [1.5, {"$numberDouble": "NaN"}, {"$numberDouble": "-Infinity"}],
             "nested": [[1], [2, [3]]]}
            """);
    assertEquals(
        "{\"a,b\",\"{x}\",\"quote\\\"d\",\"back\\\\slash\",\"NULL\",NULL,\"\",\" sp \"}",
        f.root("tags"));
    assertEquals("{\"1.10\",\"2\",\"2.5\",\"-0.001\"}", f.root("n"));
    assertEquals("{\"true\",\"false\"}", f.root("b"));
    assertEquals(
        "{\"2024-01-01 00:00:00.123000+00\",\"0045-03-15 12:00:00.000000+00 BC\"}", f.root("t"));
    assertEquals("{\"\\\\x0102\"}", f.root("bin"));
    assertEquals("{}", f.root("i"));
    assertEquals("{\"1.5\",\"NaN\",\"-Infinity\"}", f.root("d"));
    assertEquals("[[1], [2, [3]]]", f.root("nested"));
    assertTrue(
        rejected(sample, FlattenSpec.defaults(), "{\"_id\": 1, \"i\": [1, \"x\"]}")
            .startsWith("i.1: 'x' is not an integer (column \"t\".\"i\" bigint[])"));
    assertTrue(
        rejected(sample, FlattenSpec.defaults(), "{\"_id\": 1, \"i\": 5}")
            .startsWith("i: int32 5 where sampling saw an array"));
  }

  @Test
  void arraysAsTablesGiveARowPerElementNullsIncluded() throws ValueRejected {
    String sample = "{\"_id\": \"k\", \"tags\": [\"a\", null], \"xs\": [{\"e\": 1}, null]}";
    Flat f =
        flat(
            sample,
            FlattenSpec.defaults().withArrays(As.TABLE),
            "{\"_id\": \"k\", \"tags\": [\"a\", null, \"c\"], \"xs\": [null, {\"e\": 2}]}");
    assertEquals(
        List.of(
            Arrays.asList("k", 0, "a", null),
            Arrays.asList("k", 1, null, null),
            Arrays.asList("k", 2, "c", null)),
        f.rows().rows("t_tags"));
    assertEquals(
        List.of(Arrays.asList("k", 0, null, null), Arrays.asList("k", 1, 2L, null)),
        f.rows().rows("t_xs"));
    FlattenSpec extra = FlattenSpec.defaults().withArrays(As.TABLE).withMismatch(Mismatch.EXTRA);
    Flat g = flat(sample, extra, "{\"_id\": \"k\", \"tags\": [{\"x\": 1}]}");
    assertEquals("{\"[]\": {\"x\": 1}}", g.value("t_tags", 0, "_extra"));
  }

  @Test
  void driverDocumentsFlattenLikeTheirBson() throws ValueRejected {
    Document driver =
        new Document("_id", new ObjectId(ID))
            .append("u", A_UUID)
            .append("when", new Date(86_400_000L))
            .append("dec", Decimal128.parse("12.50"))
            .append("n", 5L)
            .append("list", List.of("a", "b"))
            .append("sub", new Document("x", 1.5));
    BsonDocument bson =
        new BsonDocument("_id", new org.bson.BsonObjectId(new ObjectId(ID)))
            .append("u", new BsonBinary(A_UUID, UuidRepresentation.STANDARD))
            .append("when", new org.bson.BsonDateTime(0))
            .append("dec", new BsonDecimal128(Decimal128.parse("1")))
            .append("n", new BsonInt64(1))
            .append("list", new org.bson.BsonArray(List.of(new BsonString("z"))))
            .append("sub", new BsonDocument("x", new BsonDouble(1)));
    FlattenPlan plan = FlattenPlan.of(Shapes.of("t", List.of(bson), true), FlattenSpec.defaults());
    FlatRows rows = DocumentFlattener.of(plan).flatten(driver);
    assertEquals(
        Arrays.asList(
            ID,
            A_UUID.toString(),
            Instant.parse("1970-01-02T00:00:00Z"),
            "12.50",
            5L,
            "{\"a\",\"b\"}",
            1.5,
            null),
        rows.rows("t").get(0));
  }

  @Test
  void columnsOfTheRowMatchTheTableWidthEverywhere() throws ValueRejected {
    FlattenPlan plan = Contracts.plan();
    FlatRows rows = DocumentFlattener.of(plan).flatten(contract(1));
    for (Table t : plan.tables()) {
      for (List<Object> r : rows.rows(t.name())) {
        assertEquals(t.columns().size(), r.size(), t.name());
        for (int c = 0; c < r.size(); c++) {
          Column col = t.columns().get(c);
          assertTrue(col.nullable() || r.get(c) != null, t.name() + "." + col.name());
        }
      }
    }
  }
}
