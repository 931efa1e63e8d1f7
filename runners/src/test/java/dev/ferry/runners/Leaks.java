package dev.ferry.runners;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;

/**
 * Runs {@code ferry} commands and searches everything they leave for secrets: stdout, stderr, what
 * libraries log on the JVM's own streams (slf4j-simple writes to {@code System.err}), the {@code
 * --report} and {@code --log} files, and with {@code FERRY_DEBUG=1} every exception message of the
 * chain. The secrets are {@link #MARKER} (put it in the passwords) and whatever {@link #alsoSecret}
 * adds (keys a test server chose).
 */
final class Leaks {

  /** Unique per JVM, so no fixture or earlier run can put it anywhere by chance. */
  static final String MARKER = "ferry-secret-" + UUID.randomUUID().toString().substring(0, 8);

  private static final List<String> SECRETS = new CopyOnWriteArrayList<>(List.of(MARKER));

  private Leaks() {}

  /** Searches for {@code secret} too from now on. */
  static void alsoSecret(String secret) {
    SECRETS.add(secret);
  }

  static void assertNone(String where, String text) {
    for (String secret : SECRETS) {
      assertFalse(text.contains(secret), "a secret appears in " + where + ":\n" + text);
    }
  }

  /** Runs the command, expects {@code exit}, and finds no secret in what it left. */
  static Cli.Result clean(Map<String, String> env, int exit, String... args) throws IOException {
    Cli.Result r = captured(env, args).exits(exit);
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--report") || args[i].equals("--log")) {
        Path file = Path.of(args[i + 1]);
        assertTrue(Files.exists(file), args[i + 1] + " written");
        assertNone(args[i + 1], Files.readString(file));
      }
    }
    return r;
  }

  /**
   * Runs a command that must fail: once as users see it (one line, exit 2 or 3), once with {@code
   * FERRY_DEBUG=1}, whose stack trace prints every exception message in the chain. Returns the
   * line.
   */
  static String failing(Map<String, String> env, String... args) throws IOException {
    Cli.Result r = captured(env, args);
    assertNotEquals(0, r.exit(), r.out() + r.err());
    String line = r.oneLineError();
    Map<String, String> debug = new HashMap<>(env);
    debug.put("FERRY_DEBUG", "1");
    Cli.Result traced = captured(debug, args);
    assertTrue(traced.err().contains("\tat "), "FERRY_DEBUG prints the stack trace");
    return line;
  }

  /** Runs ferry in this JVM with {@code System.out} and {@code System.err} teed and searched. */
  static Cli.Result captured(Map<String, String> env, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    Cli.Result r;
    try {
      System.setOut(new PrintStream(new Tee(out, logs), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err, logs), true, StandardCharsets.UTF_8));
      r = Cli.ferry(env, args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String what = String.join(" ", args);
    assertNone(what + ": stdout", r.out());
    assertNone(what + ": stderr", r.err());
    assertNone(what + ": the JVM's streams", logs.toString(StandardCharsets.UTF_8));
    return r;
  }

  /** The display data of every step of {@code pipeline}: what runner UIs and logs show. */
  static String displayData(Pipeline pipeline) {
    StringBuilder all = new StringBuilder();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) {
              all.append(node.getFullName()).append(DisplayData.from(node.getTransform()));
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            all.append(node.getFullName()).append(DisplayData.from(node.getTransform()));
          }
        });
    return all.toString();
  }

  /** Writes to the original stream, so test output still shows, and to a buffer. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }
  }
}
