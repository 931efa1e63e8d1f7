package dev.ferry.schemas.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadOrderTest {

  @Test
  void parentsComeBeforeChildren() {
    assertEquals(
        List.of(List.of("customers", "products"), List.of("orders"), List.of("lines")),
        LoadOrder.waves(
            List.of("lines", "orders", "customers", "products"),
            Map.of(
                "lines", Set.of("orders", "products"),
                "orders", Set.of("customers"))));
  }

  @Test
  void aChildWaitsForItsLatestParent() {
    // a → b → c and a → c: a waits for b, which waits for c.
    assertEquals(
        List.of(List.of("c"), List.of("b"), List.of("a")),
        LoadOrder.waves(List.of("a", "b", "c"), Map.of("a", Set.of("b", "c"), "b", Set.of("c"))));
  }

  @Test
  void aCycleSharesOneWaveAndSelfReferencesDoNotCount() {
    assertEquals(
        List.of(
            List.of("categories", "countries"),
            List.of("employees", "departments"),
            List.of("badges")),
        LoadOrder.waves(
            List.of("employees", "badges", "categories", "departments", "countries"),
            Map.of(
                "employees", Set.of("departments", "employees", "countries"),
                "departments", Set.of("employees"),
                "categories", Set.of("categories"),
                "badges", Set.of("employees"))));
  }

  @Test
  void aLongerCycleWithATail() {
    // a → b → c → a is one wave; d hangs off c, e is referenced by b.
    assertEquals(
        List.of(List.of("e"), List.of("a", "b", "c"), List.of("d")),
        LoadOrder.waves(
            List.of("a", "b", "c", "d", "e"),
            Map.of(
                "a", Set.of("b"),
                "b", Set.of("c", "e"),
                "c", Set.of("a"),
                "d", Set.of("c"))));
  }

  @Test
  void tablesOutsideThePlanAreIgnored() {
    assertEquals(
        List.of(List.of("a", "b")),
        LoadOrder.waves(List.of("a", "b"), Map.of("a", Set.of("elsewhere"))));
    assertEquals(List.of(), LoadOrder.waves(List.of(), Map.of()));
  }
}
