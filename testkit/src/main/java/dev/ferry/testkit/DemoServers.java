package dev.ferry.testkit;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.mongo.MongoErrors;
import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.schemas.sql.JdbcLogin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.BsonDocument;

/**
 * Starts the servers an example needs, from jars (no Docker, no system install), and keeps them up
 * until it gets Ctrl-C or SIGTERM or its standard input closes; then stops them and deletes their
 * files. {@code examples/mongo-contracts.sh} and {@code examples/handoff.sh} run it; it also runs
 * by hand:
 *
 * <pre>{@code
 * java -cp "$(cat testkit/target/demo-classpath.txt)" dev.ferry.testkit.DemoServers \
 *     --mongo credit --postgres credit --env-file /tmp/demo.env \
 *     --load examples/data/contracts.jsonl --collection contracts
 * # in another shell: set -a; . /tmp/demo.env; set +a; ./ferry run examples/mongo-contracts.yaml
 *
 * java -cp "$(cat testkit/target/demo-classpath.txt)" dev.ferry.testkit.DemoServers \
 *     --s3 ferry-demo --postgres shop --env-file /tmp/demo.env
 * # S3_ENDPOINT, S3_BUCKET, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and PG_*
 * }</pre>
 *
 * <p>The PostgreSQL password and the S3 access key and secret are random and written only to the
 * env file (mode 600, deleted when the servers stop); only the S3 endpoint and bucket are printed.
 * Errors are one line on stderr ({@code FERRY_DEBUG=1} adds the stack trace); exit codes as {@code
 * ferry}'s: 0 done, 2 bad arguments, 3 a file or server failed.
 */
public final class DemoServers {

  private static final String NAME = "demo-servers";

  /** Set when the JVM shuts down: a server start it interrupts fails, and that is no error. */
  private static volatile boolean stopping;

  private DemoServers() {}

  public static void main(String[] args) {
    // slf4j-simple (an optional dependency, for this main only) at INFO would log every connection.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      // It warns "Closing 1 clients" when stopped while a client is still connected: no news here.
      System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo.MongoServer", "error");
    }
    // The servers' threads are not daemons: only an exit ends this JVM.
    System.exit(run(args));
  }

  static int run(String[] args) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      return fail(e, 2);
    }
    if (options.help()) {
      System.out.print(DemoOptions.USAGE);
      return 0;
    }
    try {
      return options.countUrl() != null ? count(options) : serve(options);
    } catch (RuntimeException e) {
      return fail(e, 3);
    }
  }

  private static int serve(DemoOptions options) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true, "ferry-demo-stopping"));
    Map<String, String> env = start(options);
    if (options.envFile() != null) {
      Path file = options.envFile().toAbsolutePath();
      if (options.startsServers()) {
        // What it says is false once the servers are gone.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(file), "ferry-env-file"));
      }
      EnvFile.write(file, env);
      say("wrote " + String.join(", ", env.keySet()) + " to " + file);
    }
    if (!options.startsServers()) {
      return 0;
    }
    say("up; Ctrl-C, SIGTERM or closing stdin stops the servers");
    awaitEndOfInput();
    return 0;
  }

  /**
   * Starts the servers {@code options} ask for, loads what it says, and returns the variables that
   * reach them (passwords and keys included: for the env file only, never to be printed).
   */
  static Map<String, String> start(DemoOptions options) {
    JsonLines lines = options.load() == null ? null : JsonLines.of(options.load());
    if (lines != null) {
      lines.check(); // a bad file fails before any server starts
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (options.mongo() != null) {
      TestMongoDatabase mongo = MongoServer.shared().createDatabase(options.mongo());
      env.put("MONGO_URL", mongo.connectionString());
      say("MongoDB-protocol test server (in memory): " + mongo.connectionString());
    }
    if (options.postgres() != null) {
      TestDatabase pg = PostgresServer.shared().createDatabase(options.postgres());
      env.put("PG_URL", pg.jdbcUrl());
      env.put("PG_USER", pg.user());
      env.put("PG_PASSWORD", pg.password());
      say(
          "PostgreSQL 17: "
              + pg.jdbcUrl()
              + ", user "
              + pg.user()
              + (options.envFile() == null
                  ? " (its password is only given with --env-file)"
                  : " (password in the env file)"));
    }
    if (options.s3() != null) {
      S3Server s3 = S3Server.shared();
      s3.createBucket(options.s3());
      env.put("S3_ENDPOINT", s3.endpoint().toString());
      env.put("S3_BUCKET", options.s3());
      env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
      env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
      env.put("AWS_REGION", "us-east-1");
      say(
          "S3-protocol test server (s3proxy, path style): "
              + s3.endpoint()
              + ", bucket "
              + options.s3()
              + (options.envFile() == null
                  ? " (its keys are only given with --env-file)"
                  : " (keys in the env file)"));
    }
    if (lines != null) {
      MongoLogin login =
          options.into() != null
              ? MongoLogin.of(
                  options.into(),
                  System.getenv("MONGO_USER"),
                  Secret.of(System.getenv().getOrDefault("MONGO_PASSWORD", "")))
              : MongoLogin.of(env.get("MONGO_URL"), null, null);
      env.putIfAbsent("MONGO_URL", login.url());
      load(lines, login, options.collection());
    }
    return env;
  }

  /** Replaces the documents of {@code collection} with {@code lines}' and says how many. */
  static long load(JsonLines lines, MongoLogin login, String collection) {
    String where = login.database() + "." + collection;
    try (MongoClient client = MongoClients.create(login.settings(MongoLogin.CONNECT_TIMEOUT))) {
      MongoCollection<BsonDocument> c =
          client.getDatabase(login.database()).getCollection(collection, BsonDocument.class);
      long loaded = lines.replaceInto(c);
      long held = c.countDocuments();
      say(
          "loaded "
              + loaded
              + " documents from "
              + lines.file()
              + " into "
              + where
              + " on "
              + login.hosts()
              + " (the collection holds "
              + held
              + ")");
      return held;
    } catch (MongoCommandException e) {
      if (e.getErrorCode() == MongoErrors.UNAUTHORIZED) {
        throw new SourceException(
            "mongodb: "
                + (login.user().isEmpty() ? "a login without a user" : "'" + login.user() + "'")
                + " may not write "
                + where
                + " on "
                + login.hosts()
                + " ("
                + e.getErrorMessage()
                + "): set MONGO_USER and MONGO_PASSWORD to a login with the readWrite role on "
                + login.database(),
            e);
      }
      throw MongoErrors.describe(login, "replace the documents of " + where, e);
    } catch (MongoException e) {
      throw MongoErrors.describe(login, "replace the documents of " + where, e);
    }
  }

  private static int count(DemoOptions options) {
    String user = System.getenv("PG_USER");
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("--count logs in as PG_USER with PG_PASSWORD: set them");
    }
    JdbcLogin login =
        JdbcLogin.of(
            options.countUrl(), user, Secret.of(System.getenv().getOrDefault("PG_PASSWORD", "")));
    Map<String, Long> counts = TableCounts.of(login, options.countSchema());
    if (counts.isEmpty()) {
      System.out.println(
          "no tables in schema " + options.countSchema() + " on " + login.location());
    }
    TableCounts.format(options.countSchema(), counts).forEach(System.out::println);
    return 0;
  }

  /** Returns when standard input is at its end: closed by whoever started this, or Ctrl-D. */
  private static void awaitEndOfInput() {
    byte[] ignored = new byte[256];
    try (InputStream in = System.in) {
      while (in.read(ignored) >= 0) {
        // Input means nothing; only its end does.
      }
    } catch (IOException e) {
      // A broken standard input is as good as a closed one.
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      System.err.println(NAME + ": could not delete " + file + ": " + e.getMessage());
    }
  }

  private static void say(String line) {
    System.err.println(NAME + ": " + line);
  }

  private static int fail(RuntimeException e, int code) {
    if (stopping) {
      System.err.println(NAME + ": stopped while starting");
      return code;
    }
    System.err.println(NAME + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
    if (System.getenv("FERRY_DEBUG") != null) {
      e.printStackTrace();
    }
    return code;
  }
}
