package dev.ferry.schemas.postgres;

import static dev.ferry.schemas.postgres.Shop.col;
import static dev.ferry.schemas.postgres.Shop.table;

import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import java.util.List;
import java.util.Optional;

/**
 * Inventories as the MySQL and PostgreSQL catalogs describe them: auto-increment columns, enums,
 * kept PostgreSQL types, source types, checks in each dialect's spelling, and hard names.
 */
final class Sources {

  private Sources() {}

  static Table withChecks(Table t, List<Check> checks) {
    return new Table(
        t.name(),
        t.columns(),
        t.primaryKey(),
        t.foreignKeys(),
        t.indexes(),
        t.rowEstimate(),
        Optional.empty(),
        checks);
  }

  static Column enumColumn(String name, boolean nullable, String def, String... labels) {
    int longest = List.of(labels).stream().mapToInt(String::length).max().orElse(1);
    return col(name, "enum(...)", "varchar(" + longest + ")", nullable, def)
        .withEnumValues(List.of(labels));
  }

  static Column kept(String name, String pgType, boolean nullable, String def) {
    return col(name, pgType, "text", nullable, def).withPgType(pgType);
  }

  /** A MySQL (MariaDB) shop: the catalog marks AUTO_INCREMENT and gives enum labels and checks. */
  static Inventory mysql() {
    Table orders =
        withChecks(
            table(
                "orders",
                List.of(
                    col("id", "int(11)", "int", false, null).withAutoIncrement(true),
                    enumColumn("status", false, "'new'", "new", "paid", "it's shipped"),
                    col("references", "varchar(20)", "varchar(20)", true, null),
                    col("amount", "decimal(10,2)", "decimal(10,2)", false, "0.00"),
                    col("doc", "longtext", "json", true, null),
                    col("a\"b", "varchar(10)", "varchar(10)", true, null),
                    col("Order Details", "text", "text", true, null),
                    col("customer_id", "int(11)", "int", true, null)),
                List.of("id"),
                List.of(
                    new ForeignKey(
                        "orders_customer", List.of("customer_id"), "customers", List.of("id"))),
                List.of(new Index("orders_references_key", List.of("references"), true))),
            List.of(
                new Check("orders_chk_1", "(`amount` >= 0)"),
                new Check("doc", "json_valid(`doc`)"),
                new Check("status_known", "(`status` in (_utf8mb4\\'new\\',_utf8mb4\\'paid\\'))"),
                new Check("code_shape", "(`references` regexp _utf8mb4'^[a-z]+$')"),
                new Check("quotes", "`a\"b` <> 'it\\'s' AND char_length(`Order Details`) < 100"),
                new Check("orders_pkey", "length(`references`) between 1 and 20")));
    Table customers =
        table(
            "customers",
            List.of(
                col("id", "bigint(20) unsigned", "decimal(20,0)", false, null)
                    .withAutoIncrement(true),
                enumColumn("tier", true, null, "gold", "silver", "x".repeat(70))),
            List.of("id"),
            List.of(),
            List.of());
    Table a =
        table("a", List.of(enumColumn("b_c", true, null, "x")), List.of(), List.of(), List.of());
    Table ab =
        table("a_b", List.of(enumColumn("c", true, null, "y")), List.of(), List.of(), List.of());
    Table orderStatus =
        table(
            "orders_status",
            List.of(col("code", "int(11)", "int", false, null)),
            List.of("code"),
            List.of(),
            List.of());
    return new Inventory(
        "mysql://db/shop", "mysql", List.of(orders, customers, a, ab, orderStatus), List.of());
  }

  /** A PostgreSQL source: its own enums and domains, arrays, inet, serial and identity columns. */
  static Inventory postgres() {
    List<UserType> types =
        List.of(
            new UserType(
                "mood_not_sad",
                UserType.Kind.DOMAIN,
                List.of(),
                "mood",
                false,
                null,
                List.of("CHECK (VALUE <> 'sad'::mood)")),
            UserType.enumType("mood", List.of("sad", "ok", "happy")),
            UserType.enumType("Unused", List.of("x")),
            new UserType(
                "posint",
                UserType.Kind.DOMAIN,
                List.of(),
                "integer",
                true,
                "1",
                List.of("CHECK (VALUE > 0)", "CHECK (VALUE < 1000)")),
            new UserType(
                "Email",
                UserType.Kind.DOMAIN,
                List.of(),
                "text",
                false,
                null,
                List.of("CHECK (VALUE ~ '@'::text)")));
    Table people =
        withChecks(
            table(
                "people",
                List.of(
                    col("id", "bigint", "bigint", false, "nextval('people_id_seq'::regclass)")
                        .withAutoIncrement(true),
                    col("serial_no", "integer", "int", false, null).withAutoIncrement(true),
                    kept("feeling", "mood", true, "'ok'::mood"),
                    kept("feelings", "mood[]", true, null),
                    kept("strict", "mood_not_sad", true, null),
                    kept("age", "posint", true, null),
                    kept("addr", "inet", true, null),
                    kept("tags", "text[]", false, "'{}'::text[]"),
                    kept("amount", "numeric(50,10)", true, null),
                    kept("email", "\"Email\"", true, null),
                    col(
                        "label",
                        "character varying(20)",
                        "varchar(20)",
                        true,
                        "'none'::character varying")),
                List.of("id"),
                List.of(),
                List.of(new Index("people_email_key", List.of("email"), true))),
            List.of(
                new Check("people_age_check", "CHECK ((age < 200))"),
                new Check("feeling_not_sad", "((feeling <> 'sad'::mood))"),
                new Check("two_feelings", "CHECK ((cardinality(feelings) <= 2)) NOT VALID")));
    Table references =
        table(
            "references",
            List.of(
                col("id", "integer", "int", false, null),
                col("parent_id", "integer", "int", true, null),
                kept("feeling", "public.mood", true, null)),
            List.of("id"),
            List.of(
                new ForeignKey(
                    "references_parent", List.of("parent_id"), "references", List.of("id"))),
            List.of());
    return new Inventory(
        "postgresql://db/app", "postgres", List.of(people, references), List.of(), types);
  }
}
