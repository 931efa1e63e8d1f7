package dev.ferry.testkit;

/**
 * Gives each test class a fresh, empty database on {@link MariaDbServer#shared()}: declare a {@link
 * TestDatabase} parameter on a test, lifecycle method or constructor. All tests of the class get
 * the same database. Use either this or {@link PostgresExtension} on one class, not both.
 *
 * <pre>{@code
 * @ExtendWith(MariaDbExtension.class)
 * class ReadTableTest {
 *   @Test void readsRows(TestDatabase db) throws SQLException {
 *     try (Connection c = db.connect()) { ... }
 *   }
 * }
 * }</pre>
 */
public final class MariaDbExtension extends DatabaseExtension {

  @Override
  TestDatabase createDatabase(String name) {
    return MariaDbServer.shared().createDatabase(name);
  }
}
