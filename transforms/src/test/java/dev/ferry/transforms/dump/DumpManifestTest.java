package dev.ferry.transforms.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.transforms.dump.DumpManifest.ManifestTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DumpManifestTest {

  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", "bigint", ColumnType.of(Kind.INT64), false, null, true, null, null),
          new Column(
              "total", "numeric(12,2)", ColumnType.decimal(12, 2), true, "0", false, null, null),
          new Column("code", "varchar(8)", ColumnType.string(8), true, null),
          new Column("note", "text", ColumnType.string(0), true, "'none'"),
          new Column("doc", "jsonb", ColumnType.of(Kind.JSON), true, null),
          new Column("uid", "uuid", ColumnType.of(Kind.UUID), true, null),
          new Column("raw", "bytea", ColumnType.of(Kind.BYTES), true, null),
          new Column("day", "date", ColumnType.of(Kind.DATE), true, null),
          new Column("at", "timestamptz", ColumnType.of(Kind.TIMESTAMP), true, "now()"),
          new Column("local", "timestamp", ColumnType.of(Kind.TIMESTAMP_LOCAL), true, null),
          new Column("clock", "time", ColumnType.of(Kind.TIME), true, null),
          new Column("ok", "boolean", ColumnType.of(Kind.BOOLEAN), false, "true"),
          new Column("small", "smallint", ColumnType.of(Kind.INT16), true, null),
          new Column("n", "integer", ColumnType.of(Kind.INT32), true, null),
          new Column("r", "real", ColumnType.of(Kind.FLOAT32), true, null),
          new Column("d", "double precision", ColumnType.of(Kind.FLOAT64), true, null),
          new Column("state", "state", ColumnType.string(0), false, null)
              .withEnumValues(List.of("new", "paid"))
              .withPgType("\"shop\".\"state\""));

  private static final Table ORDERS =
      new Table(
          "orders",
          COLUMNS,
          List.of("id"),
          List.of(new ForeignKey("orders_customer_fk", List.of("n"), "customers", List.of("id"))),
          List.of(new Index("orders_code_idx", List.of("code", "day"), true)),
          -1,
          Optional.of("id"),
          List.of(new Check("orders_total_check", "total >= 0")));

  static DumpManifest manifest() {
    return new DumpManifest(
        DumpManifest.FORMAT,
        "shop",
        "shop/2026/11/21/shop-20261121",
        "1.2.3",
        "run-1",
        new DumpManifest.Source("postgres", "postgresql://db:5432/shop", "postgresql"),
        "2026-11-21T10:00:00Z",
        "2026-11-21T10:05:00Z",
        DumpManifest.COPY_TEXT,
        "gzip",
        "public",
        List.of(
            ManifestTable.of(
                ORDERS,
                "\"public\".\"orders\"",
                3,
                120,
                List.of("data/orders/1_10-000.copy.gz", "data/orders/1_10-001.copy.gz")),
            new ManifestTable(
                "empty",
                "\"public\".\"empty\"",
                0,
                0,
                List.of(
                    new DumpManifest.ManifestColumn(
                        "x", "text", null, false, null, false, List.of(), null)),
                null,
                null,
                null,
                null,
                null)),
        List.of(
            UserType.enumType("state", List.of("new", "paid")),
            new UserType(
                "positive",
                UserType.Kind.DOMAIN,
                List.of(),
                "numeric(10,2)",
                true,
                "1",
                List.of("CHECK (VALUE > 0)"))),
        new DumpManifest.Rejected(1, List.of("rejected/a.jsonl.gz")),
        List.of(
            new DumpFile("schema.sql", "", 0, 10, "aa"),
            new DumpFile("restore.sql", "", 0, 20, "bb"),
            new DumpFile("SHA256SUMS", "", 0, 30, "cc"),
            new DumpFile("data/orders/1_10-000.copy.gz", "orders", 2, 60, "dd"),
            new DumpFile("data/orders/1_10-001.copy.gz", "orders", 1, 60, "ee"),
            new DumpFile("rejected/a.jsonl.gz", "", 1, 40, "ff")));
  }

  @Test
  void jsonRoundTripKeepsEverything() {
    DumpManifest m = manifest();
    DumpManifest back = DumpManifest.parse(m.toJson());
    assertEquals(m, back);
    assertEquals(m.tables(), back.tables());
    assertEquals(m.types(), back.types());
    assertEquals(m.files(), back.files());
    assertEquals(m.rejected(), back.rejected());
  }

  @Test
  void columnsComeBackAsTheInventoryHadThem() {
    DumpManifest back = DumpManifest.parse(manifest().toJson());
    Table orders = back.table("orders").orElseThrow().toTable();
    assertEquals(COLUMNS, orders.columns(), "types, via their spelling, and every attribute");
    assertEquals(ORDERS.primaryKey(), orders.primaryKey());
    assertEquals(ORDERS.foreignKeys(), orders.foreignKeys());
    assertEquals(ORDERS.indexes(), orders.indexes());
    assertEquals(ORDERS.checks(), orders.checks());
    assertEquals(3, orders.rowEstimate());
    assertEquals(Optional.empty(), orders.splitKey());
    assertEquals(ColumnType.decimal(12, 2), orders.column("total").orElseThrow().type());
    assertEquals(ColumnType.string(8), orders.column("code").orElseThrow().type());

    Inventory inventory = back.inventory("dump");
    assertEquals("postgresql", inventory.dialect());
    assertEquals(List.of("orders", "empty"), inventory.tables().stream().map(Table::name).toList());
    assertEquals(manifest().types(), inventory.types());
  }

  @Test
  void jsonUsesSnakeCaseAndLeavesOutWhatIsUnset() {
    String json = new String(manifest().toJson(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"format\" : \"ferry-dump/1\""), json);
    assertTrue(json.contains("\"ferry_version\" : \"1.2.3\""), json);
    assertTrue(json.contains("\"primary_key\" : [ \"id\" ]"), json);
    assertTrue(json.contains("\"type\" : \"decimal(12,2)\""), json);
    assertTrue(!json.contains("is_data") && !json.contains("\"data\" :"), json);
  }

  @Test
  void findsTablesAndFiles() {
    DumpManifest m = manifest();
    assertEquals(Optional.empty(), m.table("nope"));
    assertEquals(60, m.file("data/orders/1_10-001.copy.gz").orElseThrow().bytes());
    assertTrue(m.file("data/orders/1_10-001.copy.gz").orElseThrow().isData());
    assertTrue(!m.file("rejected/a.jsonl.gz").orElseThrow().isData());
  }

  private static String refusal(String json) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> DumpManifest.parse(json.getBytes(StandardCharsets.UTF_8)))
        .getMessage();
  }

  @Test
  void refusesWhatIsNotAManifestOfThisFormat() {
    assertTrue(refusal("{not json").startsWith("not a ferry manifest (invalid JSON): "));
    assertTrue(refusal("").startsWith("not a ferry manifest (invalid JSON): "), refusal(""));
    assertEquals(
        "format 'ferry-dump/2' is not ferry-dump/1, the one this ferry reads",
        refusal("{\"format\":\"ferry-dump/2\"}"));
    assertEquals(
        "format 'null' is not ferry-dump/1, the one this ferry reads", refusal("{\"x\":1}"));
    assertEquals(
        "the manifest lists no source or no files", refusal("{\"format\":\"ferry-dump/1\"}"));
  }

  @Test
  void refusesJsonNullRatherThanFailingWithoutAMessage() {
    assertEquals("not a ferry manifest: it is JSON null", refusal("null"));
    assertEquals("not a ferry manifest: it is JSON null", refusal("  null\n"));
  }
}
