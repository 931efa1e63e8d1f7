package dev.ferry.schemas.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowFilterTest {

  private static final Table ORDERS =
      new Table(
          "orders",
          List.of(
              column("id", "int"),
              column("sold_on", "date"),
              column("updated_at", "timestamp"),
              column("local_at", "timestamp_local"),
              column("amount", "decimal(10,2)"),
              column("code", "text"),
              column("paid", "boolean")),
          List.of("id"),
          List.of(),
          List.of(),
          0,
          Optional.of("id"));

  private static Column column(String name, String type) {
    return new Column(name, type, ColumnType.parse(type), true, null);
  }

  @Test
  void keepsTheLowerBoundAndNotTheUpper() {
    RowFilter filter = RowFilter.on(ORDERS, "id").atLeast(10).below(20L);
    assertFalse(filter.keeps(9));
    assertTrue(filter.keeps(10));
    assertTrue(filter.keeps(19));
    assertFalse(filter.keeps(20));
  }

  @Test
  void leavesNullsOutOfABoundedFilterOnly() {
    assertFalse(RowFilter.on(ORDERS, "id").atLeast(1L).keeps(null));
    assertTrue(RowFilter.on(ORDERS, "id").keeps(null));
  }

  @Test
  void comparesDecimalsByValueNotScale() {
    RowFilter filter = RowFilter.on(ORDERS, "amount").atLeast(new BigDecimal("2.5"));
    assertTrue(filter.keeps(new BigDecimal("2.50")));
    assertFalse(filter.keeps(new BigDecimal("2.49")));
  }

  @Test
  void backfillsWholeDaysOfEachKind() {
    LocalDate first = LocalDate.of(2026, 11, 20);
    LocalDate last = LocalDate.of(2026, 11, 21);
    ZoneId zone = ZoneId.of("Europe/Berlin");
    RowFilter dates = RowFilter.on(ORDERS, "sold_on").withinDays(first, last, zone);
    assertEquals(Optional.of(LocalDate.of(2026, 11, 22)), dates.upper());
    assertTrue(dates.keeps(last));
    RowFilter instants = RowFilter.on(ORDERS, "updated_at").withinDays(first, last, zone);
    assertEquals(Optional.of(Instant.parse("2026-11-19T23:00:00Z")), instants.lower());
    assertEquals(Optional.of(Instant.parse("2026-11-21T23:00:00Z")), instants.upper());
    RowFilter local = RowFilter.on(ORDERS, "local_at").withinDays(first, last, zone);
    assertFalse(local.keeps(LocalDateTime.parse("2026-11-22T00:00:00")));
    assertTrue(local.keeps(LocalDateTime.parse("2026-11-21T23:59:59.999999")));
  }

  @Test
  void describesItselfForPlans() {
    Instant since = Instant.parse("2026-11-20T10:00:00Z");
    assertEquals(
        "updated_at >= 2026-11-20T10:00:00Z",
        RowFilter.on(ORDERS, "updated_at").atLeast(since).describe());
    assertEquals(
        "2026-11-20 <= sold_on < 2026-11-22",
        RowFilter.on(ORDERS, "sold_on")
            .atLeast(LocalDate.of(2026, 11, 20))
            .below(LocalDate.of(2026, 11, 22))
            .describe());
  }

  @Test
  void refusesAMissingColumn() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RowFilter.on(ORDERS, "nope"));
    assertEquals("cannot filter table orders: it has no column nope", e.getMessage());
  }

  @Test
  void refusesAColumnWithoutOrder() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RowFilter.on(ORDERS, "paid"));
    assertTrue(
        e.getMessage().startsWith("cannot filter table orders on column paid: its type boolean"),
        e.getMessage());
  }

  @Test
  void refusesABoundOfAnotherKind() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RowFilter.on(ORDERS, "updated_at").atLeast(LocalDate.of(2026, 1, 1)));
    assertEquals(
        "cannot filter table orders on column updated_at (timestamp) with the bound 2026-01-01:"
            + " expected Instant",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RowFilter.on(ORDERS, "id").below(null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RowFilter.on(ORDERS, "code")
                .withinDays(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2), ZoneId.of("UTC")));
  }

  @Test
  void travelsToWorkers() throws Exception {
    RowFilter filter = RowFilter.on(ORDERS, "code").atLeast("m");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(filter);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      RowFilter back = (RowFilter) in.readObject();
      assertEquals("code >= m", back.describe());
      assertTrue(back.keeps("z"));
      assertFalse(back.keeps("a"));
    }
  }
}
