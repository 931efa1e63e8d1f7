package dev.ferry.transforms.validate;

import static dev.ferry.transforms.validate.Orders.SCHEMA;
import static dev.ferry.transforms.validate.Orders.row;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.deadletter.FailedRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ValidateRowsTest {

  private static PCollection<Row> input(TestPipeline p, Row... rows) {
    return p.apply(Create.of(List.of(rows)).withRowSchema(SCHEMA));
  }

  private static PCollectionTuple validate(TestPipeline p, List<ColumnRule> rules, Row... rows) {
    return input(p, rows).apply(ValidateRows.with("orders", rules));
  }

  private static String failure(String reason, Row row) {
    return DeadLetters.expected("orders", FailedRow.VALIDATE, reason, row);
  }

  @Test
  void rowsThatKeepEveryRulePassUnchanged(TestPipeline p) {
    Row ok =
        row(
            1,
            "email",
            "a@b.c",
            "quantity",
            3,
            "status",
            "new",
            "note",
            "2024-02-01",
            "paid",
            true);
    PCollectionTuple out =
        validate(
            p,
            List.of(
                ColumnRule.of("email").withNotNull(true).withRegex("[^@]+@[^@]+"),
                ColumnRule.of("quantity").withMin("1").withMax("10"),
                ColumnRule.of("status").withIn(List.of("new", "paid")),
                ColumnRule.of("note").withType(ColumnType.parse("date")),
                ColumnRule.of("paid").withIn(List.of("yes"))),
            ok);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(ok);
    PAssert.that(out.get(ValidateRows.FAILED)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void notNullRejectsNullOnly(TestPipeline p) {
    Row missing = row(1);
    Row present = row(2, "email", "a@b.c");
    PCollectionTuple out =
        validate(p, List.of(ColumnRule.of("email").withNotNull(true)), missing, present);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(present);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(failure("email: NULL is not allowed", missing));
    p.run().waitUntilFinish();
  }

  @Test
  void typeRuleNeedsTextThatHoldsDates(TestPipeline p) {
    Row date = row(1, "note", "2024-02-01");
    Row notADate = row(2, "note", "soon");
    Row noSuchDay = row(3, "note", "2024-02-30");
    PCollectionTuple out =
        validate(
            p,
            List.of(ColumnRule.of("note").withType(ColumnType.parse("date"))),
            date,
            notADate,
            noSuchDay);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(date);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(
            failure(
                "note: 'soon' is not a date/time (expected YYYY-MM-DD["
                    + " HH:MM:SS[.ffffff]][Z|±HH:MM])",
                notADate),
            failure(
                "note: '2024-02-30' is not a valid date/time: Invalid date 'FEBRUARY 30'",
                noSuchDay));
    p.run().waitUntilFinish();
  }

  @Test
  void typeRuleNeedsDecimalsThatFit(TestPipeline p) {
    Row fits = row(1, "price", new BigDecimal("123.45"));
    Row tooBig = row(2, "price", new BigDecimal("1234.50"));
    Row tooFine = row(3, "price", new BigDecimal("1.23"), "weight", 1.005);
    PCollectionTuple out =
        validate(
            p,
            List.of(
                ColumnRule.of("price").withType(ColumnType.decimal(5, 2)),
                ColumnRule.of("weight").withType(ColumnType.decimal(5, 2))),
            fits,
            tooBig,
            tooFine);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(fits);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(
            failure("price: 1234.50 has too many digits for decimal(5,2)", tooBig),
            failure("weight: 1.005 has more than 2 decimal places for decimal(5,2)", tooFine));
    p.run().waitUntilFinish();
  }

  @Test
  void minAndMaxCompareNumbersByValue(TestPipeline p) {
    Row zero = row(1, "quantity", 0);
    Row one = row(2, "quantity", 1);
    Row ten = row(3, "quantity", 10, "price", new BigDecimal("9.99"));
    Row eleven = row(4, "quantity", 11, "price", new BigDecimal("10.00"));
    PCollectionTuple out =
        validate(
            p,
            List.of(
                ColumnRule.of("quantity").withMin("1").withMax("10"),
                ColumnRule.of("price").withMax("9.990")),
            zero,
            one,
            ten,
            eleven);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(one, ten);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(
            failure("quantity: 0 is below the minimum 1", zero),
            failure(
                "quantity: 11 is above the maximum 10; price: 10 is above the maximum 9.99",
                eleven));
    p.run().waitUntilFinish();
  }

  @Test
  void minAndMaxCompareTimesChronologically(TestPipeline p) {
    Row early = row(1, "created", Instant.parse("2023-12-31T23:59:59Z"));
    Row inside =
        row(
            2,
            "created",
            Instant.parse("2024-01-01T00:00:00Z"),
            "shipped",
            LocalDate.of(2024, 6, 30));
    Row late = row(3, "shipped", LocalDate.of(2024, 7, 1));
    PCollectionTuple out =
        validate(
            p,
            List.of(
                ColumnRule.of("created").withMin("2024-01-01"),
                ColumnRule.of("shipped").withMax("2024-06-30")),
            early,
            inside,
            late);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(inside);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(
            failure(
                "created: 2023-12-31T23:59:59Z is below the minimum 2024-01-01T00:00:00Z", early),
            failure("shipped: 2024-07-01 is above the maximum 2024-06-30", late));
    p.run().waitUntilFinish();
  }

  @Test
  void minAndMaxCompareTextLexicographically(TestPipeline p) {
    Row apple = row(1, "status", "apple");
    Row kiwi = row(2, "status", "kiwi");
    Row zebra = row(3, "status", "zebra");
    PCollectionTuple out =
        validate(p, List.of(ColumnRule.of("status").withMin("b").withMax("m")), apple, kiwi, zebra);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(kiwi);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(
            failure("status: 'apple' is below the minimum 'b'", apple),
            failure("status: 'zebra' is above the maximum 'm'", zebra));
    p.run().waitUntilFinish();
  }

  @Test
  void regexMustMatchTheWholeValue(TestPipeline p) {
    Row whole = row(1, "status", "aaa");
    Row partly = row(2, "status", "xa");
    PCollectionTuple out =
        validate(p, List.of(ColumnRule.of("status").withRegex("a+")), whole, partly);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(whole);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(failure("status: 'xa' does not match a+", partly));
    p.run().waitUntilFinish();
  }

  @Test
  void inComparesTextForms(TestPipeline p) {
    Row listed =
        row(1, "status", "paid", "quantity", 2, "price", new BigDecimal("9.90"), "paid", true);
    Row unlisted =
        row(2, "status", "lost", "quantity", 3, "price", new BigDecimal("9.91"), "paid", false);
    PCollectionTuple out =
        validate(
            p,
            List.of(
                ColumnRule.of("status").withIn(List.of("new", "paid")),
                ColumnRule.of("quantity").withIn(List.of("1", "2.0")),
                ColumnRule.of("price").withIn(List.of("9.9")),
                ColumnRule.of("paid").withIn(List.of("true"))),
            listed,
            unlisted);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(listed);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(
            failure(
                "status: 'lost' is not one of ['new', 'paid']; quantity: 3 is not one of [1, 2];"
                    + " price: 9.91 is not one of [9.9]; paid: false is not one of [true]",
                unlisted));
    p.run().waitUntilFinish();
  }

  @Test
  void nullsPassEveryRuleButNotNull(TestPipeline p) {
    Row empty = row(1);
    PCollectionTuple out =
        validate(
            p,
            List.of(
                ColumnRule.of("note").withType(ColumnType.parse("date")).withRegex("x"),
                ColumnRule.of("quantity").withMin("1").withMax("2").withIn(List.of("5")),
                ColumnRule.of("created").withMin("2024-01-01")),
            empty);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(empty);
    PAssert.that(out.get(ValidateRows.FAILED)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void everyBrokenRuleIsInOneReason(TestPipeline p) {
    Row bob = row(7, "email", "bob.example.com", "quantity", 0);
    PCollectionTuple out =
        validate(
            p,
            List.of(
                ColumnRule.of("email").withRegex("^[^@]+@[^@]+$"),
                ColumnRule.of("quantity").withMin("1")),
            bob);
    PAssert.that(out.get(ValidateRows.VALID)).empty();
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(
            failure(
                "email: 'bob.example.com' does not match ^[^@]+@[^@]+$;"
                    + " quantity: 0 is below the minimum 1",
                bob));
    p.run().waitUntilFinish();
  }

  @Test
  void uniqueIsLeftToRejectDuplicates(TestPipeline p) {
    Row a = row(1, "email", "a@b.c");
    Row b = row(2, "email", "a@b.c");
    PCollectionTuple out = validate(p, List.of(ColumnRule.of("email").withUnique(true)), a, b);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(a, b);
    PAssert.that(out.get(ValidateRows.FAILED)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void checkDigitsApplyWhereWhenMatches(TestPipeline p) {
    Row goodCpf = row(1, "status", "CPF", "note", "529.982.247-25");
    Row badCpf = row(2, "status", "CPF", "note", "529.982.247-24");
    Row cnpj = row(3, "status", "CNPJ", "note", "11.222.333/0001-81");
    Row unknownKind = row(4, "note", "anything");
    PCollectionTuple out =
        validate(
            p,
            List.of(
                ColumnRule.of("note")
                    .withCheckDigits(CheckDigits.CPF)
                    .withWhen(Map.of("status", "CPF")),
                ColumnRule.of("note")
                    .withCheckDigits(CheckDigits.CNPJ)
                    .withWhen(Map.of("status", "CNPJ"))),
            goodCpf,
            badCpf,
            cnpj,
            unknownKind);
    PAssert.that(out.get(ValidateRows.VALID)).containsInAnyOrder(goodCpf, cnpj, unknownKind);
    PAssert.that(DeadLetters.described(out.get(ValidateRows.FAILED)))
        .containsInAnyOrder(
            failure(
                "note: '529.982.247-24' is not a valid CPF (check digits 24, expected 25)",
                badCpf));
    p.run().waitUntilFinish();
  }
}
