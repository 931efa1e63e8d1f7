package dev.ferry.schemas.postgres;

import static dev.ferry.schemas.postgres.Shop.col;
import static dev.ferry.schemas.postgres.Shop.table;
import static dev.ferry.schemas.postgres.Sources.enumColumn;
import static dev.ferry.schemas.postgres.Sources.kept;
import static dev.ferry.schemas.postgres.Sources.withChecks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import dev.ferry.schemas.types.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DDL from MySQL and PostgreSQL inventories: types, enums, sequences and checks. */
class SourceDdlTest {

  private static final Inventory MYSQL = Sources.mysql();
  private static final Inventory PG = Sources.postgres();

  private static PostgresDdl mysql(EnumStyle style) {
    return PostgresDdl.of("shop", MYSQL, MYSQL.tables(), style);
  }

  private static PostgresDdl pg() {
    return PostgresDdl.of("app", PG, PG.tables(), EnumStyle.CHECK);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SourceDdlTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String line(PostgresDdl ddl, String table, String column) {
    String create =
        ddl.createTables().stream()
            .filter(s -> s.startsWith("CREATE TABLE " + ddl.table(table) + " ("))
            .findFirst()
            .orElseThrow();
    return create
        .lines()
        .filter(l -> l.startsWith("  \"" + column + "\" "))
        .findFirst()
        .orElseThrow()
        .strip();
  }

  @Test
  void matchesTheGoldenScripts() throws IOException {
    assertEquals(resource("/postgres/mysql-check.sql"), mysql(EnumStyle.CHECK).plan().script());
    assertEquals(resource("/postgres/mysql-type.sql"), mysql(EnumStyle.TYPE).plan().script());
    assertEquals(resource("/postgres/postgres.sql"), pg().plan().script());
  }

  @Test
  void mysqlEnumsGetACheckOfTheirLabels() {
    PostgresDdl ddl = mysql(EnumStyle.CHECK);
    assertEquals(List.of(), ddl.createTypes());
    assertEquals(
        "\"status\" varchar(12) DEFAULT 'new' NOT NULL CONSTRAINT \"orders_status_check\""
            + " CHECK (\"status\" IN ('new', 'paid', 'it''s shipped')),",
        line(ddl, "orders", "status"));
    // a.b_c and a_b.c both want a_b_c_check, but each in its own table's namespace.
    assertEquals(
        "\"b_c\" varchar(1) CONSTRAINT \"a_b_c_check\" CHECK (\"b_c\" IN ('x'))",
        line(ddl, "a", "b_c"));
    assertEquals(
        "\"c\" varchar(1) CONSTRAINT \"a_b_c_check\" CHECK (\"c\" IN ('y'))",
        line(ddl, "a_b", "c"));
  }

  @Test
  void mysqlEnumsAsTypesGiveWayToSourceNamesAndEachOther() {
    PostgresDdl ddl = mysql(EnumStyle.TYPE);
    List<String> types = ddl.createTypes();
    assertEquals("CREATE SCHEMA IF NOT EXISTS \"shop\"", types.get(0));
    assertEquals(4, types.size(), types.toString());
    assertTrue(
        types.get(1).contains("CREATE TYPE \"shop\".\"orders_status_2\" AS ENUM"), types.get(1));
    assertTrue(types.get(2).contains("CREATE TYPE \"shop\".\"a_b_c\" AS ENUM ('x')"));
    assertTrue(types.get(3).contains("CREATE TYPE \"shop\".\"a_b_c_2\" AS ENUM ('y')"));
    assertEquals(
        "\"status\" \"shop\".\"orders_status_2\" DEFAULT 'new' NOT NULL,",
        line(ddl, "orders", "status"));
    // A 70-byte label cannot be an enum label: that column keeps a check.
    assertTrue(line(ddl, "customers", "tier").contains("CHECK (\"tier\" IN ('gold', "));
    assertTrue(
        ddl.notes()
            .contains(
                "enum column \"customers\".\"tier\" keeps a CHECK of its labels instead of a type:"
                    + " label '"
                    + "x".repeat(70)
                    + "' is longer than PostgreSQL's 63 bytes"),
        ddl.notes().toString());
  }

  @Test
  void longEnumTypeNamesAreFittedTo63Bytes() {
    // "a…a" + "b_c…c" and "a…a_b" + "c…c" both want the 73-byte type name "a…a_b_c…c".
    String a = "a".repeat(40);
    String c = "c".repeat(30);
    Table first =
        table(a, List.of(enumColumn("b_" + c, true, null, "x")), List.of(), List.of(), List.of());
    Table second =
        table(a + "_b", List.of(enumColumn(c, true, null, "y")), List.of(), List.of(), List.of());
    Inventory inv = new Inventory("", "mysql", List.of(first, second), List.of());
    PostgresDdl ddl = PostgresDdl.of("s", inv, inv.tables(), EnumStyle.TYPE);
    String wanted = a + "_b_" + c;
    String firstType = PostgresNames.fit(wanted);
    String secondType = PostgresNames.fit(wanted + "_2");
    assertEquals(63, firstType.length());
    assertEquals(63, secondType.length());
    assertTrue(!firstType.equals(secondType));
    assertTrue(ddl.createTypes().get(1).contains("CREATE TYPE \"s\".\"" + firstType + "\""));
    assertTrue(ddl.createTypes().get(2).contains("CREATE TYPE \"s\".\"" + secondType + "\""));
    assertEquals(List.of(), ddl.notes()); // names ferry makes up are not reported
  }

  @Test
  void enumLabelsOfACastColumnAreNotChecked() {
    Table t =
        table(
            "t",
            List.of(enumColumn("e", true, null, "1", "2").withType(ColumnType.parse("int"))),
            List.of(),
            List.of(),
            List.of());
    Inventory inv = new Inventory("", "mysql", List.of(t), List.of());
    PostgresDdl ddl = PostgresDdl.of("s", inv, inv.tables(), EnumStyle.TYPE);
    assertEquals("\"e\" integer", line(ddl, "t", "e"));
    assertEquals(
        List.of("the labels of enum column \"t\".\"e\" are not checked: it is cast to int"),
        ddl.notes());
  }

  @Test
  void everyAutoIncrementColumnGetsASequence() {
    PostgresDdl ddl = mysql(EnumStyle.CHECK);
    assertEquals(
        List.of(
            "CREATE SEQUENCE IF NOT EXISTS \"shop\".\"customers_id_seq\" AS bigint"
                + " OWNED BY \"shop\".\"customers\".\"id\"",
            "ALTER TABLE \"shop\".\"customers\" ALTER COLUMN \"id\""
                + " SET DEFAULT nextval('\"shop\".\"customers_id_seq\"')",
            "SELECT setval('\"shop\".\"customers_id_seq\"', (SELECT greatest(coalesce(max(\"id\"),"
                + " 0) + 1, 1)::bigint FROM \"shop\".\"customers\"), false)"),
        ddl.sequences("customers"));
    assertEquals(3, ddl.sequences("orders").size());
    assertEquals(List.of(), ddl.sequences("orders_status"));
    // PostgreSQL: two in one table; a plain integer key is not SQLite's rowid alias there.
    PostgresDdl pg = pg();
    assertEquals(6, pg.sequences("people").size());
    assertTrue(
        pg.sequences("people").get(3).contains("\"app\".\"people_serial_no_seq\" AS integer"));
    assertEquals(List.of(), pg.sequences("references"));
  }

  @Test
  void sqliteRowidAliasAndMarkedColumnsBothCount() {
    Table t =
        table(
            "t",
            List.of(
                col("id", "INTEGER", "bigint", false, null).withAutoIncrement(true),
                col("n", "INT", "int", true, null).withAutoIncrement(true),
                col("text_id", "TEXT", "text", true, null).withAutoIncrement(true)),
            List.of("id"),
            List.of(),
            List.of());
    Table alias =
        table(
            "alias",
            List.of(col("id", "integer", "bigint", false, null)),
            List.of("id"),
            List.of(),
            List.of());
    PostgresDdl ddl = PostgresDdl.of("s", List.of(t, alias));
    assertEquals(6, ddl.sequences("t").size());
    assertEquals(3, ddl.sequences("alias").size());
    assertEquals(
        List.of(
            "no sequence for \"t\".\"text_id\", which the source fills itself: it is cast to text"),
        ddl.notes());
  }

  @Test
  void keptTypesAndSourceTypesAreQualified() {
    PostgresDdl ddl = pg();
    assertEquals("\"feeling\" \"app\".\"mood\" DEFAULT 'ok',", line(ddl, "people", "feeling"));
    assertEquals("\"feelings\" \"app\".\"mood\"[],", line(ddl, "people", "feelings"));
    assertEquals("\"strict\" \"app\".\"mood_not_sad\",", line(ddl, "people", "strict"));
    assertEquals("\"addr\" inet,", line(ddl, "people", "addr"));
    assertEquals("\"tags\" text[] DEFAULT '{}' NOT NULL,", line(ddl, "people", "tags"));
    assertEquals("\"amount\" numeric(50,10),", line(ddl, "people", "amount"));
    assertEquals("\"email\" \"app\".\"Email\",", line(ddl, "people", "email"));
    assertEquals("\"id\" bigint NOT NULL,", line(ddl, "people", "id"));
    assertEquals("\"feeling\" \"app\".\"mood\"", line(ddl, "references", "feeling"));
    List<String> types = ddl.createTypes();
    assertEquals(5, types.size()); // the schema, then mood before the domain on it; no "Unused"
    assertTrue(
        types.get(1).contains("CREATE TYPE \"app\".\"mood\" AS ENUM ('sad', 'ok', 'happy')"));
    assertTrue(
        types
            .get(2)
            .contains(
                "CREATE DOMAIN \"app\".\"mood_not_sad\" AS \"app\".\"mood\""
                    + " CHECK (VALUE <> 'sad'::\"app\".\"mood\")"));
    assertTrue(
        types
            .get(3)
            .contains(
                "CREATE DOMAIN \"app\".\"posint\" AS integer DEFAULT 1 NOT NULL"
                    + " CHECK (VALUE > 0) CHECK (VALUE < 1000)"));
    assertEquals(List.of(), ddl.notes());
  }

  @Test
  void aCastDropsTheKeptType() {
    Column cast = kept("feeling", "mood", true, null).withType(ColumnType.string(10));
    Table t = table("t", List.of(cast), List.of(), List.of(), List.of());
    Inventory inv =
        new Inventory(
            "",
            "postgres",
            List.of(t),
            List.of(),
            List.of(UserType.enumType("mood", List.of("a"))));
    PostgresDdl ddl = PostgresDdl.of("s", inv, inv.tables(), EnumStyle.CHECK);
    assertEquals("\"feeling\" varchar(10)", line(ddl, "t", "feeling"));
    assertEquals(List.of(), ddl.createTypes());
  }

  @Test
  void typesCollidingWithTablesAreRenamedAndReported() {
    Table mood =
        table("mood", List.of(kept("m", "mood", true, null)), List.of(), List.of(), List.of());
    Inventory inv =
        new Inventory(
            "",
            "postgres",
            List.of(mood),
            List.of(),
            List.of(UserType.enumType("mood", List.of("a"))));
    PostgresDdl ddl = PostgresDdl.of("s", inv, inv.tables(), EnumStyle.CHECK);
    assertEquals("\"m\" \"s\".\"mood_2\"", line(ddl, "mood", "m"));
    assertEquals(
        List.of("renamed type \"mood\" to \"mood_2\": the name is taken in the same namespace"),
        ddl.notes());
  }

  @Test
  void postgresChecksAreKeptWithCastsQualified() {
    assertEquals(
        List.of(
            "ALTER TABLE \"app\".\"people\" ADD CONSTRAINT \"people_age_check\" CHECK ((age < 200))",
            "ALTER TABLE \"app\".\"people\" ADD CONSTRAINT \"feeling_not_sad\""
                + " CHECK (((feeling <> 'sad'::\"app\".\"mood\")))",
            "ALTER TABLE \"app\".\"people\" ADD CONSTRAINT \"two_feelings\""
                + " CHECK ((cardinality(feelings) <= 2)) NOT VALID"),
        pg().checks());
  }

  @Test
  void postgresChecksOnRenamedColumnsAreNoted() {
    Table t =
        withChecks(
            table(
                "t",
                List.of(col(Shop.LONG_COLUMN, "date", "date", true, null)),
                List.of(),
                List.of(),
                List.of()),
            List.of(new Check("recent", "(" + Shop.LONG_COLUMN + " > '2020-01-01'::date)")));
    Inventory inv = new Inventory("", "postgres", List.of(t), List.of());
    PostgresDdl ddl = PostgresDdl.of("s", inv, inv.tables(), EnumStyle.CHECK);
    assertEquals(1, ddl.checks().size());
    assertTrue(
        ddl.notes()
            .get(1)
            .startsWith(
                "check \"recent\" of table \"t\" may name column \""
                    + Shop.LONG_COLUMN
                    + "\", renamed to"),
        ddl.notes().toString());
  }

  @Test
  void mysqlChecksAreTranslatedOrLeftOutWithAReason() {
    PostgresDdl ddl = mysql(EnumStyle.CHECK);
    assertEquals(
        List.of(
            "ALTER TABLE \"shop\".\"orders\" ADD CONSTRAINT \"orders_chk_1\" CHECK (\"amount\" >= 0)",
            "ALTER TABLE \"shop\".\"orders\" ADD CONSTRAINT \"status_known\""
                + " CHECK (\"status\" IN ('new','paid'))",
            "ALTER TABLE \"shop\".\"orders\" ADD CONSTRAINT \"quotes\""
                + " CHECK (\"a\"\"b\" <> 'it''s' AND char_length(\"Order Details\") < 100)",
            "ALTER TABLE \"shop\".\"orders\" ADD CONSTRAINT \"orders_pkey_2\""
                + " CHECK (octet_length(\"references\") BETWEEN 1 AND 20)"),
        ddl.checks());
    assertTrue(
        ddl.notes()
            .contains(
                "left out check \"doc\" of table \"orders\": column \"doc\" is jsonb, which holds only"
                    + " valid JSON"));
    assertTrue(
        ddl.notes()
            .contains(
                "skipped check \"code_shape\" of table \"orders\" ((`references` regexp"
                    + " _utf8mb4'^[a-z]+$')): \"regexp\" is neither a column of the table nor translated"));
    assertTrue(
        ddl.notes()
            .contains(
                "renamed check \"orders_pkey\" of table \"orders\" to \"orders_pkey_2\": the name is"
                    + " taken in the same namespace"));
  }

  @Test
  void checkNamesFitPerTable() {
    String longName = "a_check_whose_name_is_far_too_long_for_postgresql_identifiers_";
    Table t =
        withChecks(
            table(
                "t", List.of(col("x", "INT", "int", true, null)), List.of(), List.of(), List.of()),
            List.of(
                new Check(longName + "one", "x > 0"),
                new Check(longName + "two", "x < 9"),
                new Check(null, "x <> 5"),
                new Check("", "x <> 6"),
                new Check("a\"b", "x <> 7"),
                new Check("t_check", "x <> 8")));
    Table u =
        withChecks(
            table(
                "u", List.of(col("x", "INT", "int", true, null)), List.of(), List.of(), List.of()),
            List.of(new Check("a\"b", "x <> 7")));
    PostgresDdl ddl = PostgresDdl.of("s", List.of(t, u));
    assertEquals(
        List.of(
            "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \""
                + PostgresNames.fit(longName + "one")
                + "\" CHECK (\"x\" > 0)",
            "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \""
                + PostgresNames.fit(longName + "two")
                + "\" CHECK (\"x\" < 9)",
            "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"t_check_2\" CHECK (\"x\" <> 5)",
            "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"t_check_3\" CHECK (\"x\" <> 6)",
            "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"a\"\"b\" CHECK (\"x\" <> 7)",
            "ALTER TABLE \"s\".\"t\" ADD CONSTRAINT \"t_check\" CHECK (\"x\" <> 8)",
            "ALTER TABLE \"s\".\"u\" ADD CONSTRAINT \"a\"\"b\" CHECK (\"x\" <> 7)"),
        ddl.checks());
    assertEquals(2, ddl.notes().size(), ddl.notes().toString());
    assertTrue(ddl.notes().get(0).contains("longer than 63 bytes"));
  }

  @Test
  void foreignKeysBetweenOwnTypesNeedTheSameType() {
    Table parent =
        table(
            "parent",
            List.of(
                kept("m", "mood", false, null),
                kept("addr", "inet", false, null),
                col("code", "text", "text", false, null)),
            List.of("m"),
            List.of(),
            List.of(
                new Index("parent_addr", List.of("addr"), true),
                new Index("parent_code", List.of("code"), true)));
    Table child =
        table(
            "child",
            List.of(
                kept("m", "public.mood", true, null),
                col("addr", "text", "text", true, null),
                kept("code", "mood", true, null)),
            List.of(),
            List.of(
                new ForeignKey("same_type", List.of("m"), "parent", List.of("m")),
                new ForeignKey("text_to_inet", List.of("addr"), "parent", List.of("addr")),
                new ForeignKey("enum_to_text", List.of("code"), "parent", List.of("code"))),
            List.of());
    Inventory inv =
        new Inventory(
            "",
            "postgres",
            List.of(parent, child),
            List.of(),
            List.of(UserType.enumType("mood", List.of("a"))));
    PostgresDdl ddl = PostgresDdl.of("s", inv, inv.tables(), EnumStyle.CHECK);
    assertEquals(1, ddl.foreignKeys().size());
    assertTrue(ddl.foreignKeys().get(0).contains("\"same_type\""));
    assertEquals(
        List.of(
            "skipped foreign key \"text_to_inet\" of table \"child\": \"child\".\"addr\" is text"
                + " but \"parent\".\"addr\" is inet",
            "skipped foreign key \"enum_to_text\" of table \"child\": \"child\".\"code\" is"
                + " \"s\".\"mood\" but \"parent\".\"code\" is text"),
        ddl.notes());
  }
}
