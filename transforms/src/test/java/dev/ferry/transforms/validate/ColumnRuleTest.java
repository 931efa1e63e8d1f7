package dev.ferry.transforms.validate;

import static dev.ferry.transforms.validate.Orders.SCHEMA;
import static dev.ferry.transforms.validate.Orders.TABLE;
import static dev.ferry.transforms.validate.Orders.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.schemas.types.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** The rule config checks, and the rules applied to single rows without a pipeline. */
class ColumnRuleTest {

  private static String configError(ColumnRule rule) {
    return assertThrows(IllegalArgumentException.class, () -> rule.check(TABLE)).getMessage();
  }

  private static List<String> broken(ColumnRule rule, Object... namesAndValues) {
    ValidateRows.ValidateFn fn = new ValidateRows.ValidateFn("orders", List.of(rule), SCHEMA);
    fn.setup();
    return fn.brokenRules(row(1, namesAndValues));
  }

  @Test
  void aWellFormedRuleChecks() {
    ColumnRule.of("created")
        .withNotNull(true)
        .withMin("2024-01-01")
        .withMax("2024-12-31 23:59:59.999999")
        .withIn(List.of("2024-05-01T10:00:00Z"))
        .withRegex("2024-.*")
        .check(TABLE);
  }

  @Test
  void unknownColumnListsTheColumns() {
    assertEquals(
        "rule for orders.statuz: table orders has no column statuz; columns are id, email, name,"
            + " quantity, price, weight, status, note, paid, shipped, created, doc, photo",
        configError(ColumnRule.of("statuz").withNotNull(true)));
  }

  @Test
  void invalidRegex() {
    assertEquals(
        "rule for orders.email: regex '[a-z' does not compile: Unclosed character class near index"
            + " 3",
        configError(ColumnRule.of("email").withRegex("[a-z")));
  }

  @Test
  void minAboveMax() {
    assertEquals(
        "rule for orders.quantity: min 10 is greater than max 2, so no value could pass",
        configError(ColumnRule.of("quantity").withMin("10").withMax("2")));
    assertEquals(
        "rule for orders.shipped: min 2024-02-01 is greater than max 2024-01-31, so no value could"
            + " pass",
        configError(ColumnRule.of("shipped").withMin("2024-02-01").withMax("2024-01-31")));
  }

  @Test
  void boundsMustBeValuesOfTheColumnsType() {
    assertEquals(
        "rule for orders.quantity: min 'one' is not a number",
        configError(ColumnRule.of("quantity").withMin("one")));
    assertEquals(
        "rule for orders.created: max 'tomorrow' is not a date/time"
            + " (expected YYYY-MM-DD[ HH:MM:SS[.ffffff]][Z|±HH:MM])",
        configError(ColumnRule.of("created").withMax("tomorrow")));
    assertEquals(
        "rule for orders.paid: min does not apply to a boolean column, which has no order",
        configError(ColumnRule.of("paid").withMin("false")));
  }

  @Test
  void inMustListValuesOfTheColumnsType() {
    assertEquals(
        "rule for orders.status: in is empty, so every non-null value would fail;"
            + " list the allowed values",
        configError(ColumnRule.of("status").withIn(List.of())));
    assertEquals(
        "rule for orders.quantity: in 'two' is not a number",
        configError(ColumnRule.of("quantity").withIn(List.of("1", "two"))));
    assertEquals(
        "rule for orders.paid: in 'maybe' is not a boolean (true/false, yes/no, 1/0)",
        configError(ColumnRule.of("paid").withIn(List.of("maybe"))));
    IllegalArgumentException nullInList =
        assertThrows(
            IllegalArgumentException.class,
            () -> ColumnRule.of("status").withIn(Arrays.asList("new", null)));
    assertEquals(
        "rule for status: in lists null; NULL always passes, use not_null to forbid it",
        nullInList.getMessage());
  }

  @Test
  void bytesHaveNoTextToMatch() {
    assertEquals(
        "rule for orders.photo: regex does not apply to a bytes column",
        configError(ColumnRule.of("photo").withRegex(".*")));
  }

  @Test
  void validateRowsChecksItsRulesAgainstTheInputAtExpand() {
    PCollection<Row> rows = Pipeline.create().apply(Create.of(row(1)).withRowSchema(SCHEMA));
    ValidateRows validate = ValidateRows.with("orders", List.of(ColumnRule.of("statuz")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rows.apply(validate));
    assertEquals(
        "rule for orders.statuz: table orders has no column statuz; columns are id, email, name,"
            + " quantity, price, weight, status, note, paid, shipped, created, doc, photo",
        e.getMessage());
  }

  @Test
  void ruleSurvivesJavaSerialization() throws Exception {
    ColumnRule rule =
        ColumnRule.of("price")
            .withType(ColumnType.decimal(5, 2))
            .withIn(List.of("1.5"))
            .withUnique(true)
            .withCheckDigits(CheckDigits.LUHN)
            .withWhen(Map.of("status", "paid"))
            .withAscending(true);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(rule);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(rule, in.readObject());
    }
  }

  @Test
  void typeRuleConvertsEachKindOfValue() {
    ColumnRule asInt = ColumnRule.of("weight").withType(ColumnType.parse("int"));
    assertEquals(List.of(), broken(asInt, "weight", 3.0));
    assertEquals(
        List.of("weight: 3.5 is not an integer in range for int"), broken(asInt, "weight", 3.5));
    assertEquals(
        List.of("quantity: 40000 is out of range for smallint (-32768..32767)"),
        broken(
            ColumnRule.of("quantity").withType(ColumnType.parse("smallint")), "quantity", 40000));
    assertEquals(
        List.of("status: 'abc' is not a UUID"),
        broken(ColumnRule.of("status").withType(ColumnType.parse("uuid")), "status", "abc"));
  }

  @Test
  void timesConvertOnlyToTheirOwnKindOrText() {
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    assertEquals(
        List.of(),
        broken(ColumnRule.of("created").withType(ColumnType.parse("timestamp")), "created", t));
    assertEquals(
        List.of(),
        broken(ColumnRule.of("created").withType(ColumnType.parse("text")), "created", t));
    assertEquals(
        List.of("created: text of 20 characters is longer than varchar(10)"),
        broken(ColumnRule.of("created").withType(ColumnType.parse("varchar(10)")), "created", t));
    assertEquals(
        List.of("created: 2024-01-01T00:00:00Z is a timestamp value, not a date"),
        broken(ColumnRule.of("created").withType(ColumnType.parse("date")), "created", t));
    assertEquals(
        List.of("paid: true is a boolean value, not a int"),
        broken(ColumnRule.of("paid").withType(ColumnType.parse("int")), "paid", true));
  }

  @Test
  void floatingPointBoundsAndNaN() {
    ColumnRule rule = ColumnRule.of("weight").withMin("0.5").withMax("100");
    assertEquals(List.of(), broken(rule, "weight", 0.5));
    assertEquals(List.of("weight: 0.25 is below the minimum 0.5"), broken(rule, "weight", 0.25));
    assertEquals(
        List.of("weight: NaN is above the maximum 100"), broken(rule, "weight", Double.NaN));
  }

  @Test
  void longTextIsShortenedInReasons() {
    String long80 = "x".repeat(80);
    assertEquals(
        List.of("note: '" + "x".repeat(57) + "...' does not match y"),
        broken(ColumnRule.of("note").withRegex("y"), "note", long80));
  }

  @Test
  void decimalsCompareByValueNotScale() {
    ColumnRule rule = ColumnRule.of("price").withMin("1.50").withIn(List.of("1.5", "2"));
    assertEquals(List.of(), broken(rule, "price", new BigDecimal("1.500")));
    assertEquals(List.of(), broken(rule, "price", new BigDecimal("2.00")));
    assertEquals(
        List.of("price: 1.49 is below the minimum 1.5", "price: 1.49 is not one of [1.5, 2]"),
        broken(rule, "price", new BigDecimal("1.49")));
  }

  @Test
  void checkDigitsNameTheValueAndWhatIsWrong() {
    ColumnRule cpf = ColumnRule.of("note").withCheckDigits(CheckDigits.CPF);
    assertEquals(List.of(), broken(cpf, "note", "529.982.247-25"));
    assertEquals(
        List.of("note: '529.982.247-24' is not a valid CPF (check digits 24, expected 25)"),
        broken(cpf, "note", "529.982.247-24"));
    assertEquals(
        List.of("note: '111.111.111-11' is not a valid CPF (all digits are the same)"),
        broken(cpf, "note", "111.111.111-11"));
    assertEquals(List.of(), broken(cpf, "note", null));
    assertEquals(
        List.of("status: '11.222.333/0001-80' is not a valid CNPJ (check digits 80, expected 81)"),
        broken(
            ColumnRule.of("status").withCheckDigits(CheckDigits.CNPJ),
            "status",
            "11.222.333/0001-80"));
  }

  @Test
  void luhnAlsoChecksIntegerColumns() {
    ColumnRule luhn = ColumnRule.of("id").withCheckDigits(CheckDigits.LUHN);
    assertEquals(
        List.of(),
        new ValidateRows.ValidateFn("orders", List.of(luhn), SCHEMA)
            .brokenRules(row(79927398713L)));
    assertEquals(
        List.of("id: 79927398710 is not a valid Luhn number (check digit 0, expected 3)"),
        new ValidateRows.ValidateFn("orders", List.of(luhn), SCHEMA)
            .brokenRules(row(79927398710L)));
    assertEquals(
        List.of("id: -79927398713 is not a valid Luhn number (negative)"),
        new ValidateRows.ValidateFn("orders", List.of(luhn), SCHEMA)
            .brokenRules(row(-79927398713L)));
  }

  @Test
  void checkDigitsNeedTextOrForLuhnAnInteger() {
    assertEquals(
        "rule for orders.paid: check_digits cpf does not apply to a boolean column;"
            + " it needs a text column (or an integer column, for luhn)",
        configError(ColumnRule.of("paid").withCheckDigits(CheckDigits.CPF)));
    assertEquals(
        "rule for orders.quantity: check_digits cnpj does not apply to an integer column;"
            + " CNPJ numbers can start with 0, so they need a text column",
        configError(ColumnRule.of("quantity").withCheckDigits(CheckDigits.CNPJ)));
    assertEquals(
        "rule for orders.price: check_digits luhn does not apply to a number column;"
            + " it needs a text column (or an integer column, for luhn)",
        configError(ColumnRule.of("price").withCheckDigits(CheckDigits.LUHN)));
    ColumnRule.of("quantity").withCheckDigits(CheckDigits.LUHN).check(TABLE);
    ColumnRule.of("email").withCheckDigits(CheckDigits.CNPJ).check(TABLE);
  }

  @Test
  void whenAppliesTheRuleOnlyToMatchingRows() {
    ColumnRule rule =
        ColumnRule.of("note")
            .withNotNull(true)
            .withCheckDigits(CheckDigits.CPF)
            .withWhen(Map.of("status", "CPF"));
    assertEquals(
        List.of("note: '529.982.247-24' is not a valid CPF (check digits 24, expected 25)"),
        broken(rule, "status", "CPF", "note", "529.982.247-24"));
    assertEquals(List.of("note: NULL is not allowed"), broken(rule, "status", "CPF"));
    assertEquals(List.of(), broken(rule, "status", "CPF", "note", "529.982.247-25"));
    assertEquals(List.of(), broken(rule, "status", "CNPJ", "note", "529.982.247-24"));
    assertEquals(List.of(), broken(rule, "status", "cpf", "note", "529.982.247-24"));
  }

  @Test
  void aNullInAWhenColumnMeansTheRuleDoesNotApply() {
    ColumnRule rule = ColumnRule.of("note").withNotNull(true).withWhen(Map.of("status", "CPF"));
    assertEquals(List.of(), broken(rule, "note", null));
  }

  @Test
  void whenNeedsEveryColumnToMatchAndComparesLikeIn() {
    Map<String, String> when = new LinkedHashMap<>();
    when.put("quantity", "1.0");
    when.put("paid", "yes");
    ColumnRule rule = ColumnRule.of("note").withRegex("x+").withWhen(when);
    assertEquals(
        List.of("note: 'y' does not match x+"),
        broken(rule, "quantity", 1, "paid", true, "note", "y"));
    assertEquals(List.of(), broken(rule, "quantity", 2, "paid", true, "note", "y"));
    assertEquals(List.of(), broken(rule, "quantity", 1, "paid", false, "note", "y"));
    assertEquals(List.of(), broken(rule, "quantity", 1, "note", "y"));
    assertEquals(List.of("quantity", "paid"), List.copyOf(rule.when().keySet()));
  }

  @Test
  void whenColumnsMustExistAndTakeTheirValues() {
    assertEquals(
        "rule for orders.note: when: table orders has no column kind; columns are id, email,"
            + " name, quantity, price, weight, status, note, paid, shipped, created, doc, photo",
        configError(
            ColumnRule.of("note")
                .withCheckDigits(CheckDigits.CPF)
                .withWhen(Map.of("kind", "CPF"))));
    assertEquals(
        "rule for orders.note: when quantity 'two' is not a number",
        configError(ColumnRule.of("note").withNotNull(true).withWhen(Map.of("quantity", "two"))));
    assertEquals(
        "rule for orders.note: when photo does not apply to a bytes column",
        configError(ColumnRule.of("note").withNotNull(true).withWhen(Map.of("photo", "x"))));
    assertEquals(
        "rule for orders.email: when does not apply to unique, which compares every row of the"
            + " table; give unique a rule of its own",
        configError(ColumnRule.of("email").withUnique(true).withWhen(Map.of("status", "new"))));
    Map<String, String> noValue = new LinkedHashMap<>();
    noValue.put("status", null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ColumnRule.of("note").withWhen(noValue));
    assertEquals(
        "rule for note: when has a column without a value; a NULL never matches", e.getMessage());
  }

  @Test
  void ascendingIsLeftToAscendingCheck() {
    ColumnRule rule = ColumnRule.of("quantity").withAscending(true);
    assertEquals(List.of(), broken(rule, "quantity", 5));
    assertEquals(
        "rule for orders.paid: ascending does not apply to a boolean column, which has no order",
        configError(ColumnRule.of("paid").withAscending(true)));
  }
}
