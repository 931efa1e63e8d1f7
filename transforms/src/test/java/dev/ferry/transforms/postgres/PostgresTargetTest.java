package dev.ferry.transforms.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class PostgresTargetTest {

  private static final String PASSWORD = "pa55-word-never-shown";
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", "", ColumnType.of(ColumnType.Kind.INT64), false, null),
          new Column("name", "", ColumnType.string(0), true, null));

  private final PostgresTarget target =
      PostgresTarget.of("jdbc:postgresql://db.example:5433/shop?ssl=true", "loader", PASSWORD);
  private final TableTarget table =
      TableTarget.of("public", "items", COLUMNS)
          .withKeyColumns(List.of("id"))
          .withMode(TableTarget.Mode.UPSERT);

  @Test
  void displayDataShowsWhereAndHowButNeverThePassword() {
    DisplayData data = DisplayData.from(WritePostgres.to(target, table));
    Map<String, Object> items =
        data.items().stream()
            .collect(Collectors.toMap(DisplayData.Item::getKey, DisplayData.Item::getValue));
    assertEquals("jdbc:postgresql://db.example:5433/shop", items.get("url"));
    assertEquals("loader", items.get("user"));
    assertEquals("public.items", items.get("table"));
    assertEquals("UPSERT", items.get("mode"));
    assertEquals("id", items.get("keyColumns"));
    assertFalse(data.toString().contains(PASSWORD), data.toString());
  }

  @Test
  void printsNoPasswordButKeepsItThroughSerialization() {
    assertEquals("PostgresTarget[jdbc:postgresql://db.example:5433/shop as loader]", "" + target);
    assertEquals("****", target.password().toString());
    assertEquals("db.example:5433/shop", target.location());
    PostgresTarget copy = SerializableUtils.clone(target);
    assertEquals(PASSWORD, copy.password().reveal());
    assertEquals(target, copy);
  }

  @Test
  void refusesOtherUrlsWithoutEchoingTheirParameters() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PostgresTarget.of("jdbc:mysql://h/db?password=" + PASSWORD, "u", ""));
    assertFalse(e.getMessage().contains(PASSWORD));
  }

  @Test
  void checksKeyColumnsAreWritten() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TableTarget.of("public", "items", COLUMNS).withKeyColumns(List.of("sku")));
    assertEquals("key column sku is not among the columns written to public.items", e.getMessage());
  }

  @Test
  void doublesTheBackoffUpToItsLimit() {
    RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(700));
    assertEquals(Duration.ofMillis(100), policy.backoff(1));
    assertEquals(Duration.ofMillis(400), policy.backoff(3));
    assertEquals(Duration.ofMillis(700), policy.backoff(4));
    assertEquals(Duration.ofMillis(700), policy.backoff(6));
    assertTrue(RetryPolicy.DEFAULT.maxRetries() > 0);
  }
}
