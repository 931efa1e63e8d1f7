package dev.ferry.testkit;

import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.schemas.sql.JdbcLogin;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * {@link DemoServers}' command line. Every field is null when its option is not given.
 *
 * @param mongo database of the MongoDB-protocol server to start
 * @param postgres database to create on embedded PostgreSQL
 * @param s3 bucket to create on an S3-protocol server (s3proxy) started for the demo
 * @param load Extended JSON lines to load
 * @param collection the collection {@code load} replaces
 * @param into a MongoDB URL to load into instead of the started server
 * @param envFile where to write the servers' environment variables
 * @param countUrl JDBC URL whose schema {@code countSchema} to count, then exit
 */
record DemoOptions(
    String mongo,
    String postgres,
    String s3,
    Path load,
    String collection,
    String into,
    Path envFile,
    String countUrl,
    String countSchema,
    boolean help) {

  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  static final String USAGE =
      """
      usage: DemoServers [--mongo DB] [--postgres DB] [--s3 BUCKET]
                         [--load FILE.jsonl --collection NAME [--into mongodb://HOST:PORT/DB]]
                         [--env-file FILE]
             DemoServers --count JDBC_URL SCHEMA
      Starts the servers a demo needs and keeps them up until Ctrl-C, SIGTERM or stdin closes.
        --mongo DB           a MongoDB-protocol server in this JVM (mongo-java-server, in memory)
        --postgres DB        embedded PostgreSQL 17 with an empty database DB (user postgres)
        --s3 BUCKET          an S3-protocol server (s3proxy, files in a temporary directory,
                             path-style addressing) with an empty bucket BUCKET
        --load FILE.jsonl    one Extended JSON document per line: replaces the documents of
        --collection NAME    this collection, in --mongo's database
        --into URL           ... or in this MongoDB's database instead; the login comes from
                             MONGO_USER and MONGO_PASSWORD, never from the URL. With no server to
                             start, it loads and exits.
        --env-file FILE      writes MONGO_URL, PG_URL, PG_USER, PG_PASSWORD, S3_ENDPOINT,
                             S3_BUCKET, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION
                             (mode 600) for `set -a; . FILE; set +a`; the password and the S3
                             keys are shown nowhere else
        --count URL SCHEMA   prints the rows of every table in SCHEMA and exits (PostgreSQL;
                             the login comes from PG_USER and PG_PASSWORD)
      """;

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException one line saying which option is wrong
   */
  static DemoOptions parse(String... args) {
    String mongo = null;
    String postgres = null;
    String s3 = null;
    Path load = null;
    String collection = null;
    String into = null;
    Path envFile = null;
    String countUrl = null;
    String countSchema = null;
    Iterator<String> it = Arrays.asList(args).iterator();
    while (it.hasNext()) {
      String option = it.next();
      switch (option) {
        case "--help", "-h" -> {
          return new DemoOptions(null, null, null, null, null, null, null, null, null, true);
        }
        case "--mongo" -> mongo = LocalServers.checkDatabaseName(value(option, it));
        case "--postgres" -> postgres = LocalServers.checkDatabaseName(value(option, it));
        case "--s3" -> s3 = checkBucketName(value(option, it));
        case "--load" -> load = Path.of(value(option, it));
        case "--collection" -> collection = value(option, it);
        case "--into" -> into = value(option, it);
        case "--env-file" -> envFile = Path.of(value(option, it));
        case "--count" -> {
          countUrl = value(option, it);
          countSchema = value(option + " " + countUrl, it);
        }
        default ->
            throw new IllegalArgumentException("unknown option: " + option + " (see --help)");
      }
    }
    DemoOptions options =
        new DemoOptions(
            mongo, postgres, s3, load, collection, into, envFile, countUrl, countSchema, false);
    options.check(args.length);
    return options;
  }

  private void check(int count) {
    if (count == 0) {
      throw new IllegalArgumentException(
          "nothing to do: give --mongo, --postgres, --s3, --load or --count");
    }
    if (countUrl != null && count != 3) {
      throw new IllegalArgumentException("--count URL SCHEMA goes alone");
    }
    if (load != null && collection == null) {
      throw new IllegalArgumentException("--load needs --collection NAME");
    }
    if (load != null && into == null && mongo == null) {
      throw new IllegalArgumentException(
          "--load needs a server: --mongo DB to start one, or --into mongodb://HOST:PORT/DB");
    }
    if (load == null && (collection != null || into != null)) {
      throw new IllegalArgumentException("--collection and --into go with --load FILE.jsonl");
    }
    if (into != null && mongo != null) {
      throw new IllegalArgumentException(
          "--into loads into another MongoDB than --mongo's server: give one of them");
    }
    if (into != null) {
      MongoLogin.of(into, "", null); // a MongoDB URL with a database and no credentials
    }
    if (countUrl != null && !countUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--count takes a jdbc:postgresql:// URL");
    }
    if (countUrl != null && JdbcLogin.hasCredentials(countUrl)) {
      throw new IllegalArgumentException(
          JdbcLogin.of(countUrl, null, null).displayUrl()
              + " has credentials in the URL; set PG_USER and PG_PASSWORD instead");
    }
    if (collection != null && (collection.isEmpty() || collection.contains("$"))) {
      throw new IllegalArgumentException("not a collection name: '" + collection + "'");
    }
  }

  /** Whether this run starts a server and so stays up until stopped. */
  boolean startsServers() {
    return mongo != null || postgres != null || s3 != null;
  }

  /** {@code name} if S3 (and s3proxy) takes it as a bucket name. */
  private static String checkBucketName(String name) {
    if (!BUCKET_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "bucket name must be 3-63 of a-z, 0-9 and '-', starting and ending with a letter or"
              + " digit, got: "
              + name);
    }
    return name;
  }

  private static String value(String option, Iterator<String> it) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException(option + " needs a value (see --help)");
    }
    return it.next();
  }
}
