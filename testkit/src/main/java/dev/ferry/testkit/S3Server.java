package dev.ferry.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An S3-protocol server for tests: s3proxy 2.9.0 with its filesystem backend on a temporary
 * directory, listening on a free loopback port, with a random access key and secret. One server per
 * JVM, started on first use; a shutdown hook stops it and deletes the directory.
 *
 * <pre>{@code
 * S3Server s3 = S3Server.shared();
 * s3.createBucket("backups");
 * // a path-style client: endpoint s3.endpoint(), keys s3.accessKey() / s3.secretKey(), any region
 * List<String> keys = s3.list("backups");
 * byte[] bytes = s3.read("backups", keys.get(0));
 * }</pre>
 *
 * <p>s3proxy runs in a child JVM with its own classpath (recorded by the {@code
 * ferry-testkit-s3proxy} module), so its logging (logback, jcl-over-slf4j) and jclouds never meet
 * the test's own: on one shared test classpath it died with a StackOverflowError in its logger. Its
 * output goes to {@code s3proxy.log} in the server's directory. Clients must use path-style
 * addressing ({@code http://127.0.0.1:PORT/bucket/key}); unknown headers are ignored, as the AWS
 * SDK sends some s3proxy does not know.
 *
 * <p>Objects are plain files under {@code <root>/<bucket>/<key>}, so a test can list, read and
 * corrupt them directly ({@link #objectPath}).
 */
public final class S3Server {

  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
  private static final String CLASSPATH_RESOURCE = "/dev/ferry/testkit/s3proxy/classpath.txt";
  private static final long START_TIMEOUT_MILLIS = 60_000;

  private static S3Server shared;

  private final Path root;
  private final Path data;
  private final int port;
  private final String accessKey;
  private final String secretKey;
  private final Process process;

  private S3Server() {
    root = LocalServers.createTempDirectory("ferry-s3-");
    data = root.resolve("data");
    port = LocalServers.freePort();
    accessKey = "FERRY" + randomHex(8).toUpperCase(java.util.Locale.ROOT);
    secretKey = randomHex(20);
    try {
      Files.createDirectories(data);
      Path properties = root.resolve("s3proxy.conf");
      writeProperties(properties);
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  s3proxyClasspath(),
                  "org.gaul.s3proxy.Main",
                  "--properties",
                  properties.toString())
              .redirectErrorStream(true)
              .redirectOutput(root.resolve("s3proxy.log").toFile());
      builder.environment().put("LOG_LEVEL", "warn");
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start s3proxy in " + root, e);
    }
    awaitPort();
  }

  /** This JVM's server, started the first time it is asked for. */
  public static synchronized S3Server shared() {
    if (shared == null) {
      long started = System.nanoTime();
      S3Server s = new S3Server();
      Runtime.getRuntime().addShutdownHook(new Thread(s::shutDown, "ferry-s3-shutdown"));
      System.err.printf(
          "ferry testkit: s3proxy started on port %d in %d ms%n",
          s.port, LocalServers.millisSince(started));
      shared = s;
    }
    return shared;
  }

  /** {@code http://127.0.0.1:PORT}: give it to a client as endpoint override, path style. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /**
   * An empty bucket called {@code name} (3-63 of {@code [a-z0-9-]}), deleting one of that name and
   * everything in it first.
   */
  public void createBucket(String name) {
    Path bucket = bucketPath(name);
    if (Files.exists(bucket)) {
      LocalServers.deleteTree(bucket);
    }
    try {
      Files.createDirectories(bucket);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create bucket " + name, e);
    }
  }

  /** Every key in the bucket, sorted, with {@code /} between path segments. */
  public List<String> list(String bucket) {
    Path dir = bucketPath(bucket);
    List<String> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .map(f -> dir.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
          .sorted()
          .forEach(keys::add);
    } catch (IOException e) {
      throw new UncheckedIOException("could not list bucket " + bucket, e);
    }
    return keys;
  }

  /** The object's bytes, read from the backend's file. */
  public byte[] read(String bucket, String key) {
    try {
      return Files.readAllBytes(objectPath(bucket, key));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read s3://" + bucket + "/" + key, e);
    }
  }

  /**
   * The file that holds the object: overwrite or truncate it to corrupt the object, delete it to
   * lose it. s3proxy keeps its metadata (ETag, user metadata) in extended attributes of that file.
   */
  public Path objectPath(String bucket, String key) {
    return bucketPath(bucket).resolve(key);
  }

  private Path bucketPath(String name) {
    if (name == null || !BUCKET_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "bucket name must match " + BUCKET_NAME.pattern() + ", got: " + name);
    }
    return data.resolve(name);
  }

  private void writeProperties(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint().toString());
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", accessKey);
    p.setProperty("s3proxy.credential", secretKey);
    p.setProperty("s3proxy.ignore-unknown-headers", "true");
    p.setProperty("jclouds.provider", "filesystem");
    p.setProperty("jclouds.filesystem.basedir", data.toString());
    p.setProperty("jclouds.identity", "unused");
    p.setProperty("jclouds.credential", "unused");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "ferry testkit S3Server");
    }
  }

  private static String s3proxyClasspath() throws IOException {
    try (InputStream in = S3Server.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CLASSPATH_RESOURCE
                + " is missing: build with the ferry-testkit-s3proxy module (mvn -pl testkit -am)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private void awaitPort() {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "s3proxy exited with code "
                + process.exitValue()
                + "; see "
                + root.resolve("s3proxy.log"));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while s3proxy was starting", e);
        }
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "s3proxy did not listen on port "
            + port
            + " within 60 s; see "
            + root.resolve("s3proxy.log"));
  }

  private void shutDown() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LocalServers.deleteTree(root);
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
