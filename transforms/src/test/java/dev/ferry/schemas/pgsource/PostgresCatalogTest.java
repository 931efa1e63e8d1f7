package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The inventory of {@code pgsource/catalog.sql} on a real PostgreSQL 17. */
@ExtendWith(PostgresExtension.class)
class PostgresCatalogTest {

  private static Inventory inventory;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    Fixtures.load(db, "catalog");
    inventory = Fixtures.inventory(Fixtures.login(db));
  }

  @Test
  void dump() {
    for (Table t : inventory.tables()) {
      System.out.println(
          "TABLE "
              + t.name()
              + " pk="
              + t.primaryKey()
              + " rows="
              + t.rowEstimate()
              + " split="
              + t.splitKey());
      System.out.println(Fixtures.columns(t));
      System.out.println("  fks=" + t.foreignKeys());
      System.out.println("  idx=" + t.indexes());
      System.out.println("  checks=" + t.checks());
    }
    inventory.types().forEach(u -> System.out.println("TYPE " + u));
    inventory.notCopied().forEach(o -> System.out.println("NOT " + o));
  }
}
