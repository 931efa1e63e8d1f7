package dev.ferry.runners;

import static dev.ferry.runners.Cli.ferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.SelfSignedCertificate;
import dev.ferry.testkit.TestDatabase;
import dev.ferry.testkit.TlsPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS options in a job's URLs are the drivers' own ({@code sslmode=require | verify-full} and
 * {@code sslrootcert} for PostgreSQL, {@code sslMode=trust | verify-full} for MySQL/MariaDB), and
 * ferry honours them on every connection it opens: against a server without TLS a job that asks for
 * it fails in one line; against {@link TlsPostgresServer}, which refuses connections without
 * encryption and logs each one, a copy and its verify succeed over TLS, and {@code verify-full}
 * accepts the server's certificate only when it is the one trusted.
 */
class TlsTest {

  @TempDir static Path dir;
  static TlsPostgresServer tls;
  static TestDatabase source;
  static TestDatabase target;

  @BeforeAll
  static void servers() throws Exception {
    tls = TlsPostgresServer.start();
    source = tls.createDatabase("tls_source");
    target = tls.createDatabase("tls_target");
    try (Connection c = source.connect()) {
      c.createStatement()
          .execute(
              "CREATE TABLE items (id int PRIMARY KEY, name text);"
                  + " INSERT INTO items VALUES (1, 'one'), (2, 'two')");
    }
  }

  @AfterAll
  static void stop() {
    tls.close();
  }

  @Test
  void sslmodeRequireCopiesAndVerifiesOverTls() throws Exception {
    String job = job("require", source.jdbcUrl(), target.jdbcUrl(), "copy");
    ferry(env(), "run", job).exits(0);
    ferry(env(), "verify", job).exits(0);
    try (Connection c = target.connect();
        ResultSet r =
            c.createStatement()
                .executeQuery("SELECT string_agg(name, ',' ORDER BY id) FROM copy.items")) {
      r.next();
      assertEquals("one,two", r.getString(1));
    }
    // The server logs each connection with its encryption, and refuses any without.
    for (TestDatabase db : new TestDatabase[] {source, target}) {
      assertTrue(
          tls.log().contains("database=" + db.name() + " SSL enabled (protocol=TLSv1."), tls.log());
    }
    String line =
        ferry(env(), "run", job("disable", plain(source), plain(target), "plain"))
            .exits(3)
            .oneLineError();
    assertTrue(line.contains("no encryption"), line);
    assertTrue(line.contains("add sslmode=require to the URL"), line);
  }

  @Test
  void verifyFullTrustsOnlyTheGivenCertificate() throws Exception {
    String trusted = "sslmode=verify-full&sslrootcert=" + tls.certificate();
    String job = job("trusted", withTls(source, trusted), withTls(target, trusted), "checked");
    ferry(env(), "run", job).exits(0);

    String otherHost = withTls(source, trusted).replace("//localhost:", "//127.0.0.1:");
    String line =
        ferry(env(), "run", job("other-host", otherHost, target.jdbcUrl(), "no"))
            .exits(3)
            .oneLineError();
    assertTrue(
        line.endsWith(
            "/tls_source: the server's certificate is not for host 127.0.0.1; put a host name the"
                + " certificate names in the URL, or use sslmode=verify-ca to check who signed it"
                + " but not the name"),
        line);

    Path other = SelfSignedCertificate.create(dir, "other").certificate();
    String untrusted = "sslmode=verify-full&sslrootcert=" + other;
    line =
        ferry(env(), "run", job("untrusted", withTls(source, untrusted), target.jdbcUrl(), "no"))
            .exits(3)
            .oneLineError();
    assertTrue(
        line.startsWith(
            "ferry: cannot connect to PostgreSQL "
                + source.jdbcUrl().replaceAll(".*//([^?]+).*", "$1")
                + ": the server's certificate is not trusted (PKIX path validation failed: "),
        line);
    assertTrue(
        line.endsWith(
            "); put the certificate of the CA that signed it in the file sslrootcert names, or use"
                + " sslmode=require to encrypt without checking it"),
        line);
  }

  @Test
  void aTargetThatRequiresTlsFailsInOneLineWhenTheServerHasNone() throws Exception {
    TestDatabase plainTarget = PostgresServer.shared().createDatabase("tls_plain_target");
    String yaml =
        Files.readString(Path.of(job("x", source.jdbcUrl(), "TARGET", "copy")))
            .replace("TARGET", plainTarget.jdbcUrl() + "?sslmode=require");
    String line =
        ferry(
                Map.of("SRC_PASSWORD", source.password(), "PG_PASSWORD", plainTarget.password()),
                "run",
                write("plain-target", yaml))
            .exits(3)
            .oneLineError();
    assertTrue(
        line.endsWith(
            ": The server does not support SSL; remove sslmode from the URL or enable SSL on"
                + " the server"),
        line);
  }

  @Test
  void aMariaDbSourceThatRequiresTlsFailsInOneLineWhenTheServerHasNone() throws Exception {
    MariaDbServer maria = MariaDbServer.shared();
    TestDatabase db = maria.createDatabase("tls_maria");
    String url = db.jdbcUrl().replace("sslMode=disable", "sslMode=verify-full");
    String yaml =
        Files.readString(Path.of(job("maria", "SOURCE", target.jdbcUrl(), "maria")))
            .replace("kind: postgres\n  url: SOURCE", "kind: mysql\n  url: " + url);
    String line =
        ferry(
                Map.of("SRC_PASSWORD", db.password(), "PG_PASSWORD", target.password()),
                "run",
                write("maria", yaml))
            .exits(3)
            .oneLineError();
    assertTrue(line.startsWith("ferry: cannot open a secure connection to MySQL at "), line);
    assertTrue(line.contains("add sslMode=disable to source.url"), line);
  }

  // ---- helpers ----

  private static Map<String, String> env() {
    return Map.of("SRC_PASSWORD", source.password(), "PG_PASSWORD", target.password());
  }

  /** {@code db}'s URL with {@code options} instead of {@code sslmode=require}. */
  private static String withTls(TestDatabase db, String options) {
    return db.jdbcUrl().replace("sslmode=require", options);
  }

  private static String plain(TestDatabase db) {
    return withTls(db, "sslmode=disable");
  }

  private static String job(String name, String sourceUrl, String targetUrl, String schema)
      throws Exception {
    return write(
        name,
        """
        name: tls
        source:
          kind: postgres
          url: %s
          user: postgres
          password: ${SRC_PASSWORD}
        target:
          kind: postgres
          url: %s
          user: postgres
          password: ${PG_PASSWORD}
          schema: %s
        """
            .formatted(sourceUrl, targetUrl, schema));
  }

  private static String write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file.toString();
  }
}
