package dev.ferry.transforms.validate;

import static dev.ferry.transforms.validate.Orders.SCHEMA;
import static dev.ferry.transforms.validate.Orders.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** The ascending rule over the rows of one array, in array order. */
class AscendingCheckTest {

  private static final AscendingCheck CREATED =
      AscendingCheck.of("orders", SCHEMA, List.of(ColumnRule.of("created").withAscending(true)));

  private static Row created(long id, String instant) {
    return row(id, "created", instant == null ? null : Instant.parse(instant));
  }

  @Test
  void increasingValuesPass() {
    assertEquals(
        List.of(),
        CREATED.check(
            List.of(
                created(1, "2026-02-01T00:00:00Z"),
                created(2, "2026-03-01T00:00:00Z"),
                created(3, "2026-04-01T00:00:00Z"))));
    assertEquals(List.of(), CREATED.check(List.of()));
    assertEquals(List.of(), CREATED.check(List.of(created(1, "2026-02-01T00:00:00Z"))));
  }

  @Test
  void aValueBeforeItsPredecessorIsNamedWithBothPositions() {
    assertEquals(
        List.of(
            "orders.created: 2026-03-02T00:00:00Z at position 2 is not after"
                + " 2026-04-01T00:00:00Z at position 1"),
        CREATED.check(
            List.of(
                created(1, "2026-03-01T00:00:00Z"),
                created(2, "2026-04-01T00:00:00Z"),
                created(3, "2026-03-02T00:00:00Z"),
                created(4, "2026-05-01T00:00:00Z"))));
  }

  @Test
  void equalNeighboursFail() {
    AscendingCheck quantity =
        AscendingCheck.of("orders", SCHEMA, List.of(ColumnRule.of("quantity").withAscending(true)));
    assertEquals(
        List.of("orders.quantity: 2 at position 1 is not after 2 at position 0"),
        quantity.check(List.of(row(1, "quantity", 2), row(2, "quantity", 2))));
  }

  @Test
  void everyStepBackIsAReason() {
    AscendingCheck status =
        AscendingCheck.of("orders", SCHEMA, List.of(ColumnRule.of("status").withAscending(true)));
    assertEquals(
        List.of(
            "orders.status: 'a' at position 1 is not after 'c' at position 0",
            "orders.status: 'b' at position 3 is not after 'd' at position 2"),
        status.check(
            List.of(
                row(1, "status", "c"),
                row(2, "status", "a"),
                row(3, "status", "d"),
                row(4, "status", "b"))));
  }

  @Test
  void nullsAreSkipped() {
    assertEquals(
        List.of(),
        CREATED.check(
            List.of(
                created(1, null),
                created(2, "2026-03-01T00:00:00Z"),
                created(3, null),
                created(4, "2026-04-01T00:00:00Z"))));
    assertEquals(
        List.of(
            "orders.created: 2026-02-01T00:00:00Z at position 2 is not after"
                + " 2026-03-01T00:00:00Z at position 0"),
        CREATED.check(
            List.of(
                created(1, "2026-03-01T00:00:00Z"),
                created(2, null),
                created(3, "2026-02-01T00:00:00Z"))));
  }

  @Test
  void rowsWhenDoesNotMatchAreSkipped() {
    AscendingCheck paid =
        AscendingCheck.of(
            "orders",
            SCHEMA,
            List.of(
                ColumnRule.of("quantity").withAscending(true).withWhen(Map.of("paid", "true"))));
    assertEquals(
        List.of("orders.quantity: 1 at position 3 is not after 5 at position 0"),
        paid.check(
            List.of(
                row(1, "quantity", 5, "paid", true),
                row(2, "quantity", 1, "paid", false),
                row(3, "quantity", 1),
                row(4, "quantity", 1, "paid", true))));
  }

  @Test
  void onlyAscendingRulesCountAndEachIsChecked() {
    AscendingCheck none =
        AscendingCheck.of("orders", SCHEMA, List.of(ColumnRule.of("quantity").withMin("1")));
    assertTrue(none.isEmpty());
    assertEquals(List.of(), none.check(List.of(row(1, "quantity", 2), row(2, "quantity", 1))));
    AscendingCheck two =
        AscendingCheck.of(
            "orders",
            SCHEMA,
            List.of(
                ColumnRule.of("quantity").withAscending(true),
                ColumnRule.of("status").withIn(List.of("new")),
                ColumnRule.of("price").withAscending(true)));
    assertFalse(two.isEmpty());
    assertEquals(
        List.of(
            "orders.quantity: 1 at position 1 is not after 2 at position 0",
            "orders.price: 1.5 at position 1 is not after 1.5 at position 0"),
        two.check(
            List.of(
                row(1, "quantity", 2, "price", new BigDecimal("1.50")),
                row(2, "quantity", 1, "price", new BigDecimal("1.5")))));
  }

  @Test
  void configErrorsAreOneLine() {
    IllegalArgumentException noOrder =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AscendingCheck.of(
                    "orders", SCHEMA, List.of(ColumnRule.of("paid").withAscending(true))));
    assertEquals(
        "rule for orders.paid: ascending does not apply to a boolean column, which has no order",
        noOrder.getMessage());
    IllegalArgumentException noColumn =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AscendingCheck.of(
                    "orders",
                    SCHEMA,
                    List.of(
                        ColumnRule.of("created")
                            .withAscending(true)
                            .withWhen(Map.of("kind", "x")))));
    assertTrue(
        noColumn
            .getMessage()
            .startsWith("rule for orders.created: when: table orders has no column kind;"),
        noColumn.getMessage());
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(CREATED);
    }
    AscendingCheck copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (AscendingCheck) in.readObject();
    }
    assertEquals(
        List.of(
            "orders.created: 2026-01-01T00:00:00Z at position 1 is not after"
                + " 2026-02-01T00:00:00Z at position 0"),
        copy.check(
            List.of(created(1, "2026-02-01T00:00:00Z"), created(2, "2026-01-01T00:00:00Z"))));
  }
}
