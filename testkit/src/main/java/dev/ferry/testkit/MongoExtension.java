package dev.ferry.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a fresh, empty database on {@link MongoServer#shared()}: declare a {@link
 * TestMongoDatabase} parameter on a test, lifecycle method or constructor. All tests of the class
 * get the same database, named after the class as {@link PostgresExtension} names its databases.
 *
 * <pre>{@code
 * @ExtendWith(MongoExtension.class)
 * class ReadMongoCollectionTest {
 *   @BeforeAll static void load(TestMongoDatabase db) { db.insertJson("docs", json); }
 * }
 * }</pre>
 */
public final class MongoExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestMongoDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = DatabaseExtension.classContext(context);
    return classContext
        .getStore(ExtensionContext.Namespace.create(getClass()))
        .getOrComputeIfAbsent(
            "database",
            key ->
                MongoServer.shared().createDatabase(DatabaseExtension.databaseName(classContext)),
            TestMongoDatabase.class);
  }
}
