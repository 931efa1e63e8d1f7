package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry inspect} on MySQL/MariaDB and PostgreSQL servers: the inventory as text and JSON,
 * the password taken from the environment and never shown, and one line for a failed login.
 */
class InspectServersTest {

  @Test
  void inspectsMariaDb() throws Exception {
    TestDatabase db = MariaDbServer.shared().createDatabase("inspect_shop");
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE customers (id int unsigned AUTO_INCREMENT PRIMARY KEY,"
              + " active tinyint(1) NOT NULL DEFAULT 1, tier enum('gold','silver'))");
      s.execute(
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int unsigned,"
              + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers(id))");
      s.execute("CREATE VIEW gold AS SELECT id FROM customers WHERE tier = 'gold'");
    }
    Map<String, String> env = Map.of("FERRY_PASSWORD", db.password());
    Cli.Result r = ferry(env, "inspect", db.jdbcUrl(), "--user", db.user()).exits(ExitCode.OK);
    assertTrue(r.out().startsWith("mysql source "), r.out());
    assertTrue(
        r.out().matches("(?s).*\\n  id +int\\(10\\) unsigned +→ bigint .*PK  AUTO.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\n  active +tinyint\\(1\\) +→ boolean .*"), r.out());
    assertTrue(r.out().contains("ENUM [gold, silver]"), r.out());
    assertTrue(r.out().contains("foreign key (customer_id) → customers(id)"), r.out());
    assertTrue(r.out().contains("  view gold"), r.out());
    assertFalse(r.out().contains(db.password()), "no password in the output");

    JsonNode json =
        new ObjectMapper()
            .readTree(
                ferry(env, "inspect", db.jdbcUrl(), "--user", db.user(), "--json")
                    .exits(ExitCode.OK)
                    .out());
    assertEquals("mysql", json.get("dialect").asText());
    assertEquals("orders", json.get("tables").get(1).get("name").asText());
    assertTrue(json.get("tables").get(0).get("columns").get(0).get("auto_increment").asBoolean());
  }

  @Test
  void inspectsPostgres() throws Exception {
    TestDatabase db = PostgresServer.shared().createDatabase("inspect_pg");
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')");
      s.execute(
          "CREATE TABLE people (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " feeling mood, tags text[], CHECK (id > 0))");
    }
    Map<String, String> env = Map.of("PGPW", db.password());
    Cli.Result r =
        ferry(env, "inspect", db.jdbcUrl(), "--user", db.user(), "--password-env", "PGPW")
            .exits(ExitCode.OK);
    assertTrue(r.out().startsWith("postgres source "), r.out());
    assertTrue(r.out().contains("(kept as mood)"), r.out());
    assertTrue(r.out().contains("(kept as text[])"), r.out());
    assertTrue(r.out().contains("  check "), r.out());
    assertTrue(r.out().contains("  enum mood [sad, happy]"), r.out());
  }

  @Test
  void aWrongPasswordIsOneLineWithoutThePassword() {
    TestDatabase db = PostgresServer.shared().createDatabase("inspect_login");
    String marker = "pw-marker-7f3a9c";
    Cli.Result r =
        ferry(Map.of("FERRY_PASSWORD", marker), "inspect", db.jdbcUrl(), "--user", db.user());
    assertEquals(ExitCode.FAILURE, r.exit(), r.out() + r.err());
    String line = r.oneLineError();
    assertTrue(line.contains(db.user()), line);
    assertFalse((r.out() + r.err()).contains(marker), "the password never shows");
  }
}
