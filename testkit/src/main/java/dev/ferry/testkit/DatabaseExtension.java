package dev.ferry.testkit;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link TestDatabase} parameters with one fresh database per test class, shared by that
 * class's tests (and lifecycle methods), named after the class.
 */
abstract class DatabaseExtension implements ParameterResolver {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  /** Creates an empty database on this extension's server. */
  abstract TestDatabase createDatabase(String name);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(ExtensionContext.Namespace.create(getClass()))
        .getOrComputeIfAbsent(
            "database", key -> createDatabase(databaseName(classContext)), TestDatabase.class);
  }

  static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  /** {@code OrdersMigrationTest} becomes {@code orders_migration_test_7}. */
  static String databaseName(ExtensionContext classContext) {
    String simpleName =
        classContext
            .getTestClass()
            .map(Class::getSimpleName)
            .filter(n -> !n.isEmpty())
            .orElse("test");
    String snake =
        simpleName
            .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]", "_");
    if (snake.length() > 50) {
      snake = snake.substring(0, 50);
    }
    if (!Character.isLetter(snake.charAt(0))) {
      snake = "t_" + snake;
    }
    return snake + "_" + SEQUENCE.incrementAndGet();
  }
}
