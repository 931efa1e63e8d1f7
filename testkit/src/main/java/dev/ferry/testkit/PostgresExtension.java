package dev.ferry.testkit;

/**
 * Gives each test class a fresh, empty database on {@link PostgresServer#shared()}: declare a
 * {@link TestDatabase} parameter on a test, lifecycle method or constructor. All tests of the class
 * get the same database. Use either this or {@link MariaDbExtension} on one class, not both (both
 * resolve {@code TestDatabase}); a test that needs both servers asks them directly.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class ReadTableTest {
 *   @Test void readsRows(TestDatabase db) throws SQLException {
 *     try (Connection c = db.connect()) { ... }
 *   }
 * }
 * }</pre>
 */
public final class PostgresExtension extends DatabaseExtension {

  @Override
  TestDatabase createDatabase(String name) {
    return PostgresServer.shared().createDatabase(name);
  }
}
