package dev.ferry.pipelines.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.JobFile;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.transforms.validate.CheckDigits;
import dev.ferry.transforms.validate.ColumnRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job file's rules resolved against a table: transform rules, and errors only types show. */
class RulesPlanTest {

  private static final Table IDENTITIES =
      new Table(
          "identities",
          List.of(
              new Column("id", "", ColumnType.of(Kind.INT64), false, null),
              new Column("kind", "", ColumnType.string(0), true, null),
              new Column("number", "", ColumnType.string(0), true, null),
              new Column("verified", "", ColumnType.of(Kind.BOOLEAN), true, null)),
          List.of("id"),
          List.of(),
          List.of(),
          -1,
          Optional.empty());

  private static final Inventory INVENTORY =
      new Inventory("test", "sqlite", List.of(IDENTITIES), List.of());

  private static Job job(String rules) {
    return JobFile.parse(
        """
        name: ids
        source: {kind: sqlite, url: "jdbc:sqlite:ids.db"}
        target: {kind: lakehouse, path: lake/}
        rules:
        """
            + rules,
        "job.yaml",
        Map.of());
  }

  private static String planError(String rules) {
    JobException e = assertThrows(JobException.class, () -> JobPlan.of(job(rules), INVENTORY));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void newRuleKeysBecomeTransformRules() {
    Job job =
        job(
            """
              - {column: identities.number, check_digits: cpf, when: {kind: CPF}}
              - {column: identities.id, ascending: true}
            """);
    assertEquals(
        List.of(
            ColumnRule.of("number")
                .withCheckDigits(CheckDigits.CPF)
                .withWhen(Map.of("kind", "CPF")),
            ColumnRule.of("id").withAscending(true)),
        TableSteps.rules(job.rules()));
  }

  @Test
  void ascendingNeedsATableFlattenedFromAnArray() {
    assertEquals(
        "rules[0].ascending: compares the rows of one array in array order, and table identities"
            + " is not an array's table (only tables flattened from a document's arrays are)",
        planError("  - {column: identities.id, ascending: true}\n"));
  }

  @Test
  void whenMustNameAColumnOfTheSameTable() {
    assertEquals(
        "rules[0]: rule for identities.number: when: table identities has no column kynd;"
            + " columns are id, kind, number, verified",
        planError("  - {column: identities.number, check_digits: cpf, when: {kynd: CPF}}\n"));
  }

  @Test
  void checkDigitsNeedATextOrIntegerColumn() {
    assertEquals(
        "rules[0]: rule for identities.verified: check_digits cpf does not apply to a boolean"
            + " column; it needs a text column (or an integer column, for luhn)",
        planError("  - {column: identities.verified, check_digits: cpf}\n"));
    assertTrue(
        planError("  - {column: identities.id, check_digits: cnpj}\n")
            .contains("CNPJ numbers can start with 0, so they need a text column"));
    JobPlan.of(job("  - {column: identities.id, check_digits: luhn}\n"), INVENTORY);
  }

  @Test
  void whenValuesAreValuesOfTheirColumn() {
    assertEquals(
        "rules[0]: rule for identities.number: when verified 'maybe' is not a boolean"
            + " (true/false, yes/no, 1/0)",
        planError("  - {column: identities.number, check_digits: cpf, when: {verified: maybe}}\n"));
  }
}
