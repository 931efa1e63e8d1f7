package dev.ferry.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.testkit.TestPipelineExtension;
import dev.ferry.transforms.deadletter.FailedRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class RejectDuplicatesTest {

  private static final Schema CUSTOMERS =
      Schema.builder()
          .addNullableInt64Field("id")
          .addNullableStringField("email")
          .addNullableStringField("name")
          .addNullableDecimalField("credit")
          .build();

  private static Row customer(Long id, String email, String name) {
    return Row.withSchema(CUSTOMERS).addValues(id, email, name, null).build();
  }

  private static PCollection<Row> input(TestPipeline p, List<Row> rows) {
    return p.apply(Create.of(rows).withRowSchema(CUSTOMERS));
  }

  @Test
  void theFirstRowByOrderColumnsKeepsTheKey(TestPipeline p) {
    Row ann17 = customer(17L, "a@b.c", "Ann");
    Row ann5 = customer(5L, "a@b.c", "Annie");
    Row ann9 = customer(9L, "a@b.c", "A.");
    Row bo = customer(3L, "bo@b.c", "Bo");
    PCollectionTuple out =
        input(p, List.of(ann17, ann5, bo, ann9))
            .apply(RejectDuplicates.on("customers", List.of("email"), List.of("id")));
    PAssert.that(out.get(RejectDuplicates.VALID)).containsInAnyOrder(ann5, bo);
    PAssert.that(DeadLetters.described(out.get(RejectDuplicates.FAILED)))
        .containsInAnyOrder(
            "customers | validate | duplicate email='a@b.c': the row with id=5 keeps it |"
                + " {\"id\":17,\"email\":\"a@b.c\",\"name\":\"Ann\",\"credit\":null}",
            "customers | validate | duplicate email='a@b.c': the row with id=5 keeps it |"
                + " {\"id\":9,\"email\":\"a@b.c\",\"name\":\"A.\",\"credit\":null}");
    p.run().waitUntilFinish();
  }

  @Test
  void rowsWithANullInTheKeyAllPass(TestPipeline p) {
    Row noEmail1 = customer(1L, null, "Ann");
    Row noEmail2 = customer(2L, null, "Ann");
    Row noName = customer(3L, "a@b.c", null);
    Row named = customer(4L, "a@b.c", "Ann");
    PCollectionTuple out =
        input(p, List.of(noEmail1, noEmail2, noName, named))
            .apply(RejectDuplicates.on("customers", List.of("email", "name"), List.of("id")));
    PAssert.that(out.get(RejectDuplicates.VALID))
        .containsInAnyOrder(noEmail1, noEmail2, noName, named);
    PAssert.that(out.get(RejectDuplicates.FAILED)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void aKeyOfSeveralColumnsIsNamedInFull(TestPipeline p) {
    Row first = customer(1L, "a@b.c", "Ann");
    Row second = customer(2L, "a@b.c", "Ann");
    Row other = customer(3L, "a@b.c", "Bo");
    PCollectionTuple out =
        input(p, List.of(second, first, other))
            .apply(RejectDuplicates.on("customers", List.of("email", "name"), List.of("id")));
    PAssert.that(out.get(RejectDuplicates.VALID)).containsInAnyOrder(first, other);
    PAssert.that(DeadLetters.described(out.get(RejectDuplicates.FAILED)))
        .containsInAnyOrder(
            DeadLetters.expected(
                "customers",
                FailedRow.VALIDATE,
                "duplicate email='a@b.c', name='Ann': the row with id=1 keeps it",
                second));
    p.run().waitUntilFinish();
  }

  @Test
  void withoutOrderColumnsTheEncodedRowDecidesAndIsNamed(TestPipeline p) {
    Row one = customer(1L, "a@b.c", "Ann");
    Row two = customer(2L, "a@b.c", "Ann");
    Row three = customer(3L, "a@b.c", "Ann");
    PCollectionTuple out =
        input(p, List.of(three, one, two))
            .apply(RejectDuplicates.on("customers", List.of("email"), List.of()));
    String reason =
        "duplicate email='a@b.c': the row with id=1, email='a@b.c', name='Ann', credit=NULL"
            + " keeps it";
    PAssert.that(out.get(RejectDuplicates.VALID)).containsInAnyOrder(one);
    PAssert.that(DeadLetters.described(out.get(RejectDuplicates.FAILED)))
        .containsInAnyOrder(
            DeadLetters.expected("customers", FailedRow.VALIDATE, reason, two),
            DeadLetters.expected("customers", FailedRow.VALIDATE, reason, three));
    p.run().waitUntilFinish();
  }

  @Test
  void theKeeperIsTheSameWhateverOrderRowsArriveIn() {
    List<Row> rows =
        new ArrayList<>(
            List.of(
                customer(9L, "a@b.c", "x"),
                customer(5L, "a@b.c", "z"),
                customer(5L, "a@b.c", "y"),
                customer(null, "a@b.c", "w")));
    RowOrder byId = new RowOrder(List.of("id"), RowCoder.of(CUSTOMERS));
    RowOrder byBytes = new RowOrder(List.of(), RowCoder.of(CUSTOMERS));
    Row keeperById = rows.get(byId.first(rows));
    Row keeperByBytes = rows.get(byBytes.first(rows));
    assertEquals(5L, keeperById.getInt64("id"));
    for (int i = 0; i < 24; i++) {
      Collections.shuffle(rows, new Random(i));
      assertEquals(keeperById, rows.get(byId.first(rows)));
      assertEquals(keeperByBytes, rows.get(byBytes.first(rows)));
    }
  }

  @Test
  void keysCompareByTheirTextForm() {
    Row a = Row.withSchema(CUSTOMERS).addValues(1L, "x", "y", new BigDecimal("1.50")).build();
    Row b = Row.withSchema(CUSTOMERS).addValues(2L, "x", "y", new BigDecimal("1.5")).build();
    Row c = Row.withSchema(CUSTOMERS).addValues(3L, "x:", "y", new BigDecimal("1.5")).build();
    assertEquals(
        RejectDuplicates.KeyFn.key(a, List.of("credit")),
        RejectDuplicates.KeyFn.key(b, List.of("credit")));
    assertEquals("1:x1:y", RejectDuplicates.KeyFn.key(a, List.of("email", "name")));
    assertEquals("2:x:1:y", RejectDuplicates.KeyFn.key(c, List.of("email", "name")));
  }

  @Test
  void unknownKeyOrOrderColumnsFailAtExpand() {
    PCollection<Row> rows =
        Pipeline.create().apply(Create.of(customer(1L, "a", "b")).withRowSchema(CUSTOMERS));
    assertEquals(
        "unique key for customers.mail: table customers has no column mail; columns are id,"
            + " email, name, credit",
        assertThrows(
                IllegalArgumentException.class,
                () -> rows.apply(RejectDuplicates.on("customers", List.of("mail"), List.of("id"))))
            .getMessage());
    assertEquals(
        "order column for customers.pk: table customers has no column pk; columns are id, email,"
            + " name, credit",
        assertThrows(
                IllegalArgumentException.class,
                () -> rows.apply(RejectDuplicates.on("customers", List.of("email"), List.of("pk"))))
            .getMessage());
    assertEquals(
        "unique key for customers: no key columns given",
        assertThrows(
                IllegalArgumentException.class,
                () -> RejectDuplicates.on("customers", List.of(), List.of("id")))
            .getMessage());
  }
}
