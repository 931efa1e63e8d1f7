package dev.ferry.schemas.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the catalog of a real SQLite file built from {@code ddl/catalog.sql}. */
class SqliteCatalogTest {

  private static final ColumnType BIGINT = ColumnType.of(Kind.INT64);
  private static final ColumnType TEXT = ColumnType.string(0);

  @TempDir static Path dir;
  static Path db;
  static Inventory inventory;

  @BeforeAll
  static void createFixture() throws Exception {
    db = dir.resolve("catalog.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String sql : statements(fixture("/ddl/catalog.sql"))) {
        s.executeUpdate(sql);
      }
    }
    inventory = SqliteCatalog.read("jdbc:sqlite:" + db);
  }

  static String fixture(String resource) throws IOException {
    try (InputStream in = SqliteCatalogTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Splits on lines ending in ';', except inside CREATE TRIGGER ... END;. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--") || (current.isEmpty() && line.isBlank())) {
        continue;
      }
      current.append(line).append('\n');
      String text = current.toString().strip();
      boolean trigger = text.toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER");
      if (line.strip().endsWith(";") && (!trigger || line.strip().equalsIgnoreCase("END;"))) {
        out.add(text);
        current.setLength(0);
      }
    }
    return out;
  }

  private static Table table(String name) {
    return inventory.table(name).orElseThrow(() -> new AssertionError("no table " + name));
  }

  private static Column column(String name, String sourceType, ColumnType type, boolean nullable) {
    return new Column(name, sourceType, type, nullable, null);
  }

  @Test
  void namesTheSourceAndDialect() {
    assertEquals(db.toString(), inventory.source());
    assertEquals("sqlite", inventory.dialect());
  }

  @Test
  void listsUserTablesByNameWithoutSqliteInternalsOrVirtualTableStorage() {
    assertEquals(
        List.of(
            "Order Details",
            "all_aliases_taken",
            "codes",
            "counters",
            "customers",
            "descending",
            "dirty_keys",
            "events",
            "numbered",
            "products",
            "references",
            "strict_items",
            "two_aliases_taken"),
        inventory.tables().stream().map(Table::name).toList());
  }

  @Test
  void viewsTriggersAndVirtualTablesAreListedAsNotCopied() {
    assertEquals(
        List.of(
            "trigger customers_touch",
            "view big_customers",
            "virtual table notes",
            "shadow table notes_config",
            "shadow table notes_content",
            "shadow table notes_data",
            "shadow table notes_docsize",
            "shadow table notes_idx"),
        inventory.notCopied().stream().map(o -> o.kind() + " " + o.name()).toList());
    SourceObject view = inventory.notCopied().get(1);
    assertTrue(
        view.definition().startsWith("CREATE VIEW big_customers AS SELECT"), view.definition());
    SourceObject trigger = inventory.notCopied().get(0);
    assertTrue(trigger.definition().contains("AFTER UPDATE ON customers"), trigger.definition());
    assertTrue(inventory.notCopied().get(2).definition().contains("USING fts5(body)"));
  }

  @Test
  void customersColumnsWithTypesNullabilityAndDefaults() {
    Table customers = table("customers");
    assertEquals(
        List.of(
            column("id", "INTEGER", BIGINT, false),
            column("email", "VARCHAR(120)", ColumnType.string(120), false),
            new Column("name", "TEXT", TEXT, false, "'anonymous'"),
            new Column("balance", "DECIMAL(10,2)", ColumnType.decimal(10, 2), true, "0"),
            new Column(
                "created", "DATETIME", ColumnType.of(Kind.TIMESTAMP), true, "CURRENT_TIMESTAMP"),
            column("anything", "", TEXT, true)),
        customers.columns());
    assertEquals(List.of("id"), customers.primaryKey());
    assertEquals(List.of(), customers.foreignKeys());
    assertEquals(3, customers.rowEstimate());
  }

  @Test
  void indexesAreSortedByNameAndIncludeUniqueConstraints() {
    assertEquals(
        List.of(
            new Index("by_created_and_name", List.of("created", "name"), false),
            new Index("idx_customers_name", List.of("name"), false),
            new Index("sqlite_autoindex_customers_1", List.of("email"), true)),
        table("customers").indexes());
    assertEquals(
        List.of(new Index("ux_events_happened", List.of("happened"), true)),
        table("events").indexes());
  }

  @Test
  void primaryKeyIndexesAreNotListedAsIndexes() {
    assertEquals(List.of(), table("products").indexes());
    assertEquals(List.of(), table("codes").indexes());
    assertEquals(List.of(), table("descending").indexes());
  }

  @Test
  void compositePrimaryKeyKeepsKeyOrderNotColumnOrder() {
    Table products = table("products");
    assertEquals(
        List.of("sku", "variant", "price"), products.columns().stream().map(Column::name).toList());
    assertEquals(List.of("variant", "sku"), products.primaryKey());
    assertEquals(
        column("price", "NUMERIC", SqliteTypes.UNSIZED_NUMERIC, false), products.columns().get(2));
    assertEquals(Optional.of("rowid"), products.splitKey());
  }

  @Test
  void quotedTableNameWithCompositeAndImplicitForeignKeys() {
    Table details = table("Order Details");
    assertEquals(List.of("order_id", "line"), details.primaryKey());
    assertEquals(
        List.of(
            column("order_id", "INTEGER", BIGINT, false),
            column("line", "INTEGER", BIGINT, false),
            column("customer_id", "INTEGER", BIGINT, true),
            column("sku", "TEXT", TEXT, true),
            column("variant", "INT", BIGINT, true)),
        details.columns());
    // SQLite numbers foreign keys from the last declared one
    assertEquals(
        List.of(
            new ForeignKey(
                "Order Details_fk1",
                List.of("variant", "sku"),
                "products",
                List.of("variant", "sku")),
            // REFERENCES customers names no column: the parent's primary key is meant
            new ForeignKey(
                "Order Details_fk2", List.of("customer_id"), "customers", List.of("id"))),
        details.foreignKeys());
    assertEquals(4, details.rowEstimate());
    assertEquals(Optional.of("rowid"), details.splitKey());
  }

  @Test
  void reservedWordTableWithSelfReference() {
    Table references = table("references");
    assertEquals(
        List.of(
            new ForeignKey("references_fk1", List.of("parent_id"), "references", List.of("id"))),
        references.foreignKeys());
    assertEquals(2, references.rowEstimate());
  }

  @Test
  void withoutRowidInADefaultDoesNotMakeATableWithoutRowid() {
    Table references = table("references");
    assertEquals(
        new Column("note", "TEXT", TEXT, true, "'WITHOUT ROWID'"), references.columns().get(2));
    assertEquals(Optional.of("id"), references.splitKey());
    assertTrue(references.column("parent_id").orElseThrow().nullable());
  }

  @Test
  void integerPrimaryKeyAliasesTheRowid() {
    assertEquals(Optional.of("id"), table("customers").splitKey());
    assertEquals(Optional.of("id"), table("numbered").splitKey());
    // the rowid alias can never be NULL, though SQLite reports no NOT NULL for it
    assertFalse(table("customers").column("id").orElseThrow().nullable());
    assertFalse(table("numbered").column("id").orElseThrow().nullable());
  }

  @Test
  void integerPrimaryKeyDescIsNotARowidAlias() {
    // SQLite's documented quirk: INTEGER PRIMARY KEY DESC is an ordinary key that may hold NULL
    Table descending = table("descending");
    assertEquals(Optional.of("rowid"), descending.splitKey());
    assertEquals(column("id", "INTEGER", BIGINT, true), descending.columns().get(0));
    assertEquals(0, descending.rowEstimate());
  }

  @Test
  void aColumnNamedRowidHidesItSoTheSplitUsesAnotherAlias() {
    Table events = table("events");
    assertEquals(List.of(), events.primaryKey());
    assertEquals(
        List.of(
            column("rowid", "TEXT", TEXT, true),
            column("happened", "TIMESTAMP", ColumnType.of(Kind.TIMESTAMP), false)),
        events.columns());
    assertEquals(Optional.of("_rowid_"), events.splitKey());
    assertEquals(Optional.of("oid"), table("two_aliases_taken").splitKey());
    assertEquals(Optional.empty(), table("all_aliases_taken").splitKey());
  }

  @Test
  void withoutRowidTextKeyIsReadByOneReader() {
    Table codes = table("codes");
    assertEquals(List.of("code"), codes.primaryKey());
    // WITHOUT ROWID enforces NOT NULL on the key even where it was not declared
    assertEquals(
        List.of(column("code", "TEXT", TEXT, false), column("label", "TEXT", TEXT, false)),
        codes.columns());
    assertEquals(Optional.empty(), codes.splitKey());
  }

  @Test
  void withoutRowidIntegerKeySplitsWhenEveryKeyIsAnInteger() {
    Table counters = table("counters");
    assertEquals(
        List.of(
            column("id", "INTEGER", BIGINT, false),
            new Column("hits", "BIGINT", BIGINT, false, "0")),
        counters.columns());
    assertEquals(Optional.of("id"), counters.splitKey());
    assertEquals(Optional.of("id"), table("strict_items").splitKey());
    assertEquals(3, table("strict_items").rowEstimate());
  }

  @Test
  void withoutRowidIntegerKeyHoldingTextIsReadByOneReader() {
    // SQLite keeps 'abc' in an INTEGER key; a range read on the key would skip that row
    assertEquals(Optional.empty(), table("dirty_keys").splitKey());
    assertEquals(2, table("dirty_keys").rowEstimate());
  }

  @Test
  void rowEstimateIsTheExactCount() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (Table t : inventory.tables()) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Identifiers.quote(t.name()))) {
          rs.next();
          assertEquals(rs.getLong(1), t.rowEstimate(), t.name());
        }
      }
    }
  }

  @Test
  void everyColumnTypeComesFromTheOneMappingTable() {
    for (Table t : inventory.tables()) {
      for (Column col : t.columns()) {
        assertEquals(SqliteTypes.map(col.sourceType()), col.type(), t.name() + "." + col.name());
      }
    }
  }

  @Test
  void everySplitKeyCanBeQueried() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (Table t : inventory.tables()) {
        if (t.splitKey().isPresent()) {
          String key = Identifiers.quote(t.splitKey().get());
          String sql =
              "SELECT count(*) FROM "
                  + Identifiers.quote(t.name())
                  + " WHERE typeof("
                  + key
                  + ") = 'integer'";
          try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            assertEquals(t.rowEstimate(), rs.getLong(1), t.name() + " split on " + key);
          }
        }
      }
    }
  }

  @Test
  void inventorySurvivesJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(inventory);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(inventory, in.readObject());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite:", "", "jdbc:sqlite:file:"})
  void acceptsTheUrlSpellings(String prefix) {
    Inventory again = SqliteCatalog.read(prefix + db);
    assertEquals(inventory.tables(), again.tables());
    assertEquals(inventory.notCopied(), again.notCopied());
  }

  @Test
  void readingLeavesTheFileUntouched() throws Exception {
    byte[] before = Files.readAllBytes(db);
    FileTime modified = Files.getLastModifiedTime(db);
    SqliteCatalog.read("jdbc:sqlite:" + db);
    assertArrayEquals(before, Files.readAllBytes(db));
    assertEquals(modified, Files.getLastModifiedTime(db));
    assertFalse(Files.exists(dir.resolve("catalog.db-journal")));
    assertFalse(Files.exists(dir.resolve("catalog.db-wal")));
  }

  @Test
  void connectionsAreReadOnly() throws SQLException {
    try (Connection c = SqliteFiles.openReadOnly("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      SQLException e =
          assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM customers"));
      assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("readonly"), e.getMessage());
    }
  }

  @Test
  void missingFileIsReportedAndNotCreated() {
    Path missing = dir.resolve("no-such.db");
    SourceException e =
        assertThrows(SourceException.class, () -> SqliteCatalog.read("jdbc:sqlite:" + missing));
    assertTrue(e.getMessage().startsWith("SQLite file not found: " + missing), e.getMessage());
    assertTrue(e.getMessage().contains("ferry never creates a source"), e.getMessage());
    assertFalse(Files.exists(missing), "reading must not create the file");
  }

  @Test
  void missingDirectoryIsReportedAndNotCreated() {
    Path missing = dir.resolve("nowhere").resolve("shop.db");
    SourceException e =
        assertThrows(SourceException.class, () -> SqliteCatalog.read("jdbc:sqlite:" + missing));
    assertTrue(e.getMessage().startsWith("SQLite file not found"), e.getMessage());
    assertFalse(Files.exists(missing.getParent()));
  }

  @Test
  void textFileIsNotAnSqliteDatabase() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "CREATE TABLE t (a);\n".repeat(10));
    SourceException e =
        assertThrows(SourceException.class, () -> SqliteCatalog.read("jdbc:sqlite:" + text));
    assertTrue(e.getMessage().startsWith("not an SQLite database: " + text), e.getMessage());
    assertEquals("CREATE TABLE t (a);\n".repeat(10), Files.readString(text));
  }

  @Test
  void emptyFileIsNotAnSqliteDatabase() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.db"));
    SourceException e =
        assertThrows(SourceException.class, () -> SqliteCatalog.read("jdbc:sqlite:" + empty));
    assertTrue(e.getMessage().startsWith("not an SQLite database"), e.getMessage());
    assertEquals(0, Files.size(empty));
  }

  @Test
  void directoryIsNotAFile() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("folder.db"));
    SourceException e =
        assertThrows(SourceException.class, () -> SqliteCatalog.read("jdbc:sqlite:" + folder));
    assertTrue(e.getMessage().startsWith("SQLite file is not a readable file"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:sqlite::memory:", "jdbc:sqlite:", "sqlite:", ":memory:"})
  void urlsWithoutAFileAreRefused(String url) {
    SourceException e = assertThrows(SourceException.class, () -> SqliteCatalog.read(url));
    assertTrue(e.getMessage().contains("names no file"), e.getMessage());
  }

  @Test
  void pathIgnoresPrefixesAndQuery() {
    assertEquals(Path.of("/data/shop.db"), SqliteFiles.path("jdbc:sqlite:/data/shop.db"));
    assertEquals(Path.of("/data/shop.db"), SqliteFiles.path("sqlite:/data/shop.db"));
    assertEquals(
        Path.of("/data/shop.db"), SqliteFiles.path("jdbc:sqlite:file:/data/shop.db?mode=ro"));
    assertEquals(Path.of("shop.db"), SqliteFiles.path("shop.db"));
  }
}
