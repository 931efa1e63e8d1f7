package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import java.util.List;
import java.util.Optional;

/**
 * A small inventory with every key shape the DDL handles: an auto-increment key, a composite key, a
 * self reference, a cycle between two tables, unique and plain indexes, and what must be skipped.
 */
final class Shop {

  /** A 70-byte column name; PostgreSQL would cut it to 63 bytes. */
  static final String LONG_COLUMN =
      "the_date_on_which_this_order_was_first_promised_to_the_customer_origin";

  private Shop() {}

  static List<Table> tables() {
    return List.of(
        table(
            "customers",
            List.of(
                col("id", "INTEGER", "bigint", false, null),
                col("email", "VARCHAR(120)", "varchar(120)", false, null),
                col("name", "TEXT", "text", false, "'anonymous'"),
                col("created", "DATETIME", "timestamp", true, "CURRENT_TIMESTAMP"),
                col("updated", "DATETIME", "timestamp", true, "(datetime('now'))")),
            List.of("id"),
            List.of(),
            List.of(
                new Index("customers_email_key", List.of("email"), true),
                new Index("by_created", List.of("created"), false),
                new Index("by_lower_email", List.of("<expression>"), false))),
        table(
            "Order Details",
            List.of(
                col("order_id", "INTEGER", "bigint", false, null),
                col("line", "INTEGER", "bigint", false, null),
                col("customer_id", "INTEGER", "bigint", true, null),
                col("sku", "TEXT", "text", true, null),
                col("quantity", "INT", "int", false, "1")),
            List.of("order_id", "line"),
            List.of(
                new ForeignKey(
                    "Order Details_fk1", List.of("customer_id"), "customers", List.of("id")),
                new ForeignKey("Order Details_fk2", List.of("sku"), "products", List.of("sku"))),
            List.of()),
        table(
            "categories",
            List.of(
                col("id", "INTEGER", "bigint", false, null),
                col("parent_id", "INTEGER", "bigint", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "categories_fk1", List.of("parent_id"), "categories", List.of("id"))),
            List.of()),
        table(
            "employees",
            List.of(
                col("id", "INT", "bigint", false, null),
                col("department_id", "INT", "bigint", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "employees_fk1", List.of("department_id"), "departments", List.of("id"))),
            List.of()),
        table(
            "departments",
            List.of(
                col("id", "INT", "bigint", false, null),
                col("manager_id", "INT", "bigint", true, null),
                col("name", "TEXT", "text", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "departments_fk1", List.of("manager_id"), "employees", List.of("id")),
                new ForeignKey("departments_fk2", List.of("name"), "customers", List.of("name"))),
            List.of()),
        table(
            "order",
            List.of(
                col("references", "TEXT", "text", false, null),
                col("OrderDetails", "JSON", "json", true, null),
                col(LONG_COLUMN, "DATE", "date", true, "'2024-01-31'"),
                col("Order \"Details\"", "BOOLEAN", "boolean", false, "0"),
                col("created", "DATETIME", "timestamp", true, null)),
            List.of("references"),
            List.of(),
            List.of(new Index("by_created", List.of("created"), false))));
  }

  static Column col(
      String name, String sourceType, String type, boolean nullable, String defaultValue) {
    return new Column(name, sourceType, ColumnType.parse(type), nullable, defaultValue);
  }

  static Table table(
      String name,
      List<Column> columns,
      List<String> primaryKey,
      List<ForeignKey> foreignKeys,
      List<Index> indexes) {
    return new Table(name, columns, primaryKey, foreignKeys, indexes, -1, Optional.empty());
  }
}
