package dev.ferry.testkit;

import java.lang.reflect.Method;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * Beam's {@link TestPipeline} for JUnit 5: Beam ships it as a JUnit 4 rule, whose checks (every
 * pipeline is run, no PAssert is left dangling) only work when the rule wraps the test. This
 * extension resolves a {@code TestPipeline} parameter and runs the test method inside the rule.
 *
 * <pre>{@code
 * @ExtendWith(TestPipelineExtension.class)
 * class ValidateRowsTest {
 *   @Test void rejectsNulls(TestPipeline p) { ...; p.run().waitUntilFinish(); }
 * }
 * }</pre>
 */
public final class TestPipelineExtension implements ParameterResolver, InvocationInterceptor {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TestPipelineExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPipeline.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return pipeline(context);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    TestPipeline pipeline = pipeline(context);
    Statement body =
        new Statement() {
          @Override
          public void evaluate() throws Throwable {
            invocation.proceed();
          }
        };
    Description description =
        Description.createTestDescription(
            context.getRequiredTestClass(), context.getRequiredTestMethod().getName());
    pipeline.apply(body, description).evaluate();
  }

  private static TestPipeline pipeline(ExtensionContext context) {
    return context
        .getStore(NS)
        .getOrComputeIfAbsent(
            "pipeline",
            k -> TestPipeline.create().enableAbandonedNodeEnforcement(true),
            TestPipeline.class);
  }
}
