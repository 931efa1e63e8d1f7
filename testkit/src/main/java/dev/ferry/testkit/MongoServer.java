package dev.ferry.testkit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A MongoDB-protocol server for tests: mongo-java-server with its in-memory backend, run inside
 * this JVM on a free loopback port. One server per JVM, started on first use; a shutdown hook stops
 * it (its threads are not daemons, so a program that uses it outside a test runner must call {@code
 * System.exit}).
 *
 * <pre>{@code
 * MongoServer mongo = MongoServer.shared();
 * TestMongoDatabase db = mongo.createDatabase("contracts_test");
 * db.insertJson("contracts", Files.readString(Path.of("src/test/resources/documents/contracts.json")));
 * String url = db.connectionString(); // mongodb://127.0.0.1:PORT/contracts_test
 * }</pre>
 *
 * <p>What it does not do, as checked with mongo-java-server 1.47.0: {@code splitVector} and {@code
 * $bucketAuto} (so only single-reader reads can run here), authentication (every login fails with
 * "no such command: 'saslStart'"), views ({@code create} with {@code viewOn} makes a plain
 * collection). It stores {@code undefined} as null and user-defined binary subtypes as subtype 0,
 * and drops the connection on symbols, code with scope and binary subtype 5 (MD5): keep those out
 * of fixtures.
 *
 * <p>Logging: it logs through slf4j-api only and brings no binding, so a test module's own binding
 * (or none) decides what shows; nothing here bridges one logging framework into another.
 */
public final class MongoServer {

  private static MongoServer shared;

  private final de.bwaldvogel.mongo.MongoServer server;
  private final int port;
  private final MongoClient client;

  private MongoServer() {
    server = new de.bwaldvogel.mongo.MongoServer(new MemoryBackend());
    // Port 0 on the loopback address: the system picks a free port, so no race with other JVMs.
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    port = server.getLocalAddress().getPort();
    client = MongoClients.create("mongodb://127.0.0.1:" + port);
  }

  /** This JVM's server, started the first time it is asked for. */
  public static synchronized MongoServer shared() {
    if (shared == null) {
      long started = System.nanoTime();
      MongoServer s = new MongoServer();
      Runtime.getRuntime().addShutdownHook(new Thread(s::shutDown, "ferry-mongo-shutdown"));
      System.err.printf(
          "ferry testkit: mongo-java-server started on port %d in %d ms%n",
          s.port, LocalServers.millisSince(started));
      shared = s;
    }
    return shared;
  }

  public int port() {
    return port;
  }

  /** {@code mongodb://127.0.0.1:PORT/DATABASE}: the server needs no login. */
  public String connectionString(String database) {
    return "mongodb://127.0.0.1:" + port + "/" + database;
  }

  /**
   * An empty database called {@code name} ({@code [a-z_][a-z0-9_]*}), dropping one of that name
   * first. MongoDB creates a database with its first collection, so until something is inserted the
   * server does not list it.
   */
  public TestMongoDatabase createDatabase(String name) {
    LocalServers.checkDatabaseName(name);
    client.getDatabase(name).drop();
    return new TestMongoDatabase(this, name);
  }

  /** {@code name} through this server's own client, for loading fixtures and reading back. */
  public MongoDatabase database(String name) {
    return client.getDatabase(name);
  }

  private void shutDown() {
    try {
      client.close();
    } finally {
      server.shutdownNow();
    }
  }
}
