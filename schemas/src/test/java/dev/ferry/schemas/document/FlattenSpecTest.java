package dev.ferry.schemas.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ferry.schemas.document.FlattenSpec.As;
import dev.ferry.schemas.document.FlattenSpec.Extra;
import dev.ferry.schemas.document.FlattenSpec.LegacyUuid;
import dev.ferry.schemas.document.FlattenSpec.Mismatch;
import dev.ferry.schemas.document.FlattenSpec.Rule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlattenSpecTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a                 | [a]",
        "a.b.c             | [a, b, c]",
        "contacts[].phone  | [contacts, phone]",
        "contacts.[].phone | [contacts, phone]",
        "matrix[][]        | [matrix]",
        "a\\.b.c           | [a.b, c]",
        "a\\\\.b           | [a\\, b]",
        "odd\\[].x         | [odd[], x]",
        "first name.$x     | [first name, $x]",
        "a..b              | [a, , b]",
      })
  void pathsNameKeysWithEscapesAndOptionalArraySteps(String path, String keys) {
    assertEquals(keys, FlattenSpec.keys(path).toString());
  }

  @Test
  void badPathsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> FlattenSpec.keys(""));
    assertThrows(IllegalArgumentException.class, () -> FlattenSpec.keys("[]"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> FlattenSpec.keys("a\\"))
            .getMessage()
            .contains("ends with a backslash"));
    FlattenSpec twice = FlattenSpec.of(Map.of("a.b", Rule.skipped(), "a[].b", Rule.renamed("x")));
    assertTrue(
        assertThrows(IllegalArgumentException.class, twice::rulesByKeys)
            .getMessage()
            .contains("'a.b' and 'a[].b' name the same field"));
  }

  @Test
  void defaultsFlattenEverythingAndKeepUnknownFields() {
    FlattenSpec spec = FlattenSpec.defaults();
    assertEquals(Extra.COLUMN, spec.extra());
    assertEquals(Mismatch.REJECT, spec.mismatch());
    assertEquals(As.ARRAY, spec.arrays());
    assertEquals(0, spec.maxDepth());
    assertEquals(LegacyUuid.JAVA, spec.legacyUuid());
    assertEquals(Map.of(), spec.paths());
    assertEquals(null, spec.table());
  }

  @Test
  void contradictoryOptionsAreRefused() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> FlattenSpec.defaults().withExtra(Extra.DROP).withMismatch(Mismatch.EXTRA))
            .getMessage()
            .contains("needs extra: column (not drop)"));
    assertThrows(IllegalArgumentException.class, () -> FlattenSpec.defaults().withMaxDepth(-1));
    assertThrows(IllegalArgumentException.class, () -> FlattenSpec.defaults().withTable(" "));
    assertThrows(IllegalArgumentException.class, () -> Rule.renamed(""));
    Map<String, Rule> empty = new java.util.HashMap<>();
    empty.put("a", null);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> FlattenSpec.of(empty))
            .getMessage()
            .contains("flatten path 'a' has no rule"));
    assertThrows(
        IllegalArgumentException.class, () -> FlattenSpec.defaults().withArrays(As.COLUMNS));
  }

  @Test
  void readsFromAJobFileSection() throws Exception {
    // As the job file reader maps YAML: snake_case keys, lower-case enum values, unknown keys
    // refused.
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    FlattenSpec spec =
        mapper.readValue(
            """
            {"table": "clients", "extra": "dead_letter", "mismatch": "reject", "arrays": "table",
             "max_depth": 4, "legacy_uuid": "csharp",
             "paths": {"operation": {"as": "table", "rename": "operations"},
                       "operation.amount": {"cast": "decimal(14,2)"},
                       "raw": {"json": true}, "internal": {"skip": true}}}
            """,
            FlattenSpec.class);
    assertEquals("clients", spec.table());
    assertEquals(Extra.DEAD_LETTER, spec.extra());
    assertEquals(As.TABLE, spec.arrays());
    assertEquals(4, spec.maxDepth());
    assertEquals(LegacyUuid.CSHARP, spec.legacyUuid());
    assertEquals(
        new Rule("operations", null, false, false, As.TABLE), spec.paths().get("operation"));
    assertEquals(Rule.castTo("decimal(14,2)"), spec.paths().get("operation.amount"));
    assertEquals(Rule.asJson(), spec.paths().get("raw"));
    assertEquals(Rule.skipped(), spec.paths().get("internal"));
    assertEquals(
        List.of(
            List.of("internal"),
            List.of("operation"),
            List.of("operation", "amount"),
            List.of("raw")),
        List.copyOf(spec.rulesByKeys().keySet()));
    assertEquals(FlattenSpec.defaults(), mapper.readValue("{}", FlattenSpec.class));
  }
}
