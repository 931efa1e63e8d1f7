package dev.ferry.schemas.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeNamesTest {

  @Test
  void replacesCharactersLakeFilesRefuse() {
    assertEquals("Order_Details", LakeNames.sanitize("Order Details"));
    assertEquals("a_b_c__d_e_f_g_h_", LakeNames.sanitize("a.b,c;{d}e(f)g=h\t"));
    assertEquals("pr_nom", LakeNames.sanitize("prénom"));
    assertEquals("ok_name_1", LakeNames.sanitize("ok_name_1"));
  }

  @Test
  void prefixesLeadingDigitsAndEmptyNames() {
    assertEquals("_2nd_total", LakeNames.sanitize("2nd total"));
    assertEquals("_", LakeNames.sanitize(""));
  }

  @Test
  void numbersCollisionsInColumnOrderIgnoringCase() {
    assertEquals(
        List.of("a_b", "a_b_2", "A_B_3", "id", "ID_2"),
        LakeNames.of(List.of("a b", "a_b", "A.B", "id", "ID")));
  }

  @Test
  void skipsSuffixesAnEarlierColumnAlreadyTook() {
    assertEquals(List.of("x_2", "x", "x_3"), LakeNames.of(List.of("x_2", "x", "x")));
  }

  @Test
  void isDeterministic() {
    List<String> names = List.of("Order Details", "order_details", "1st", "ok");
    assertEquals(LakeNames.of(names), LakeNames.of(List.copyOf(names)));
  }

  @Test
  void reportsOnlyRenamedColumnsInOrder() {
    assertEquals(
        Map.of("Order Details", "Order_Details", "ORDER_DETAILS", "ORDER_DETAILS_2"),
        LakeNames.renames(List.of("id", "Order Details", "ORDER_DETAILS")));
    assertEquals(
        List.of("Order Details", "ORDER_DETAILS"),
        List.copyOf(LakeNames.renames(List.of("id", "Order Details", "ORDER_DETAILS")).keySet()));
    assertEquals(Map.of(), LakeNames.renames(List.of("id", "name")));
  }
}
