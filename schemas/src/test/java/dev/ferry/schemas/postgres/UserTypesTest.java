package dev.ferry.schemas.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.UserType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserTypesTest {

  private static final Function<String, Optional<String>> SHOP =
      name ->
          Optional.ofNullable(
              Map.of("mood", "\"shop\".\"mood\"", "Mood", "\"shop\".\"Mood\"").get(name));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "mood                  | mood   | ~~",
        "mood[]                | mood   | []",
        "mood[][]              | mood   | [][]",
        "mood[3]               | mood   | [3]",
        "MOOD                  | mood   | ~~",
        "\"Mood\"[]            | Mood   | []",
        "public.mood           | mood   | ~~",
        "\"my schema\".\"Mood\" | Mood  | ~~",
      })
  void readsTheTypeNameOfAKeptType(String pgType, String name, String arrays) {
    assertEquals(Optional.of(name), UserTypes.referencedName(pgType));
    assertEquals(arrays, UserTypes.arraySuffix(pgType));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "numeric(10,2)",
        "character varying",
        "timestamp(3) with time zone",
        "''",
        "public.",
        "a..b",
        "\"open",
      })
  void otherTypesNameNoType(String pgType) {
    assertEquals(Optional.empty(), UserTypes.referencedName(pgType));
  }

  @Test
  void qualifiesKeptTypesThatArePlanned() {
    assertEquals("\"shop\".\"mood\"[]", UserTypes.qualifyType("mood[]", SHOP));
    assertEquals("\"shop\".\"Mood\"", UserTypes.qualifyType("public.\"Mood\"", SHOP));
    assertEquals("inet", UserTypes.qualifyType("inet", SHOP));
    assertEquals("numeric(50,10)", UserTypes.qualifyType("numeric(50,10)", SHOP));
    assertEquals("text[]", UserTypes.qualifyType("text[]", SHOP));
  }

  @Test
  void qualifiesCastsOutsideStrings() {
    assertEquals(
        "(VALUE <> 'sad'::\"shop\".\"mood\") AND '::mood' <> x:: \"shop\".\"Mood\"[]"
            + " AND y::text <> 'a'::public.unknown",
        UserTypes.qualifyCasts(
            "(VALUE <> 'sad'::mood) AND '::mood' <> x:: public.\"Mood\"[]"
                + " AND y::text <> 'a'::public.unknown",
            SHOP));
    assertEquals("'open::mood", UserTypes.qualifyCasts("'open::mood", SHOP));
    assertEquals(
        List.of("mood", "text", "Mood"), UserTypes.castTargets("a::mood + b::TEXT + c::\"Mood\""));
  }

  @Test
  void enumsAreCreatedOnlyWhenMissing() {
    assertEquals(
        "DO $ferry$\n"
            + "BEGIN\n"
            + "  IF to_regtype('\"shop\".\"it''s\"') IS NULL THEN\n"
            + "    CREATE TYPE \"shop\".\"it's\" AS ENUM ('a', 'it''s', '');\n"
            + "  END IF;\n"
            + "END\n"
            + "$ferry$",
        UserTypes.createEnum("\"shop\".\"it's\"", List.of("a", "it's", "")));
  }

  @Test
  void theDollarQuoteIsNotInTheBody() {
    String ddl = UserTypes.createEnum("\"s\".\"e\"", List.of("$ferry$", "$ferry1$"));
    assertTrue(ddl.startsWith("DO $ferry2$\n"), ddl);
    assertTrue(ddl.endsWith("\n$ferry2$"), ddl);
  }

  @Test
  void domainsCarryDefaultNotNullAndChecks() {
    UserType domain =
        new UserType(
            "happy",
            UserType.Kind.DOMAIN,
            List.of(),
            "mood[]",
            true,
            "'{happy}'::mood[]",
            List.of("CHECK (cardinality(VALUE) > 0)", "VALUE <> '{sad}'::mood[]"));
    assertEquals(
        UserTypes.ifMissing(
            "\"shop\".\"happy\"",
            "CREATE DOMAIN \"shop\".\"happy\" AS \"shop\".\"mood\"[]"
                + " DEFAULT '{happy}'::\"shop\".\"mood\"[] NOT NULL"
                + " CHECK (cardinality(VALUE) > 0) CHECK (VALUE <> '{sad}'::\"shop\".\"mood\"[])"),
        UserTypes.create(domain, "\"shop\".\"happy\"", SHOP));
  }

  @Test
  void onlyUsedTypesAfterWhatTheyNeed() {
    Inventory pg = Sources.postgres();
    assertEquals(
        List.of("mood", "mood_not_sad", "posint", "Email"),
        new UserTypes(pg.types(), pg.tables()).usedNames());
    assertEquals(List.of(), new UserTypes(pg.types(), List.of()).usedNames());
    UserType castsToMood =
        new UserType(
            "not_sad",
            UserType.Kind.DOMAIN,
            List.of(),
            "text",
            false,
            null,
            List.of("CHECK (VALUE::mood <> 'sad')"));
    assertEquals(
        List.of("mood", "not_sad"),
        new UserTypes(
                List.of(castsToMood, UserType.enumType("mood", List.of("sad"))),
                List.of(
                    Shop.table(
                        "t",
                        List.of(Sources.kept("c", "not_sad", true, null)),
                        List.of(),
                        List.of(),
                        List.of())))
            .usedNames());
  }
}
