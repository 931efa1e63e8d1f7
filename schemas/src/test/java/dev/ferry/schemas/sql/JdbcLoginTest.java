package dev.ferry.schemas.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.Secret;
import org.junit.jupiter.api.Test;

/** What of a login may be printed: the URL without its query, never a password. */
class JdbcLoginTest {

  @Test
  void displayUrlDropsTheQueryAndCredentials() {
    assertEquals(
        "jdbc:postgresql://db:5432/shop",
        JdbcLogin.of("jdbc:postgresql://u:pw@db:5432/shop?password=pw", "", null).displayUrl());
  }

  /** pgjdbc's "Unable to parse URL …" quotes the URL, query and all. */
  @Test
  void redactMasksTheQueryPasswordParametersAndThePassword() {
    String url = "jdbc:postgresql://db:99999999/shop?ssl=true&password=p%40ss&sslpassword=k3y";
    JdbcLogin login = JdbcLogin.of(url, "app", Secret.of("given-pw"));
    assertEquals(
        "Unable to parse URL jdbc:postgresql://db:99999999/shop",
        login.redact("Unable to parse URL " + url));
    assertEquals("**** **** **** ****", login.redact("p%40ss p@ss k3y given-pw"));
    assertEquals(
        "jdbc:mariadb://db/shop",
        JdbcLogin.redact(
            "jdbc:mariadb://db/shop?password=x1",
            "jdbc:mysql://db/shop?password=x1",
            Secret.of("")));
    assertEquals("no secret here", login.redact("no secret here"));
  }
}
