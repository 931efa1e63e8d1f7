package dev.ferry.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.BsonDocument;

/**
 * The MongoDB source of {@code bench/mongo.sh}: mongo-java-server with its in-memory backend (the
 * server the tests use, see the testkit's {@code MongoServer}) in a JVM of its own, loaded from a
 * file of Extended JSON lines, then serving until the process is stopped. Nothing else runs in this
 * JVM, so the measured processes (ferry, the baseline) only read from it.
 *
 * <pre>{@code
 * java -Xmx6g -cp "$(cat bench/target/classpath.txt):bench/target/ferry-bench.jar" \
 *     dev.ferry.bench.MongoSourceServer bench/work/mongo/contracts.jsonl credit contracts 200000
 * }</pre>
 *
 * <p>With LIMIT, only the first LIMIT documents are loaded: the generator is deterministic, so the
 * first 50,000 of 200,000 generated contracts are the 50,000 it generates on its own.
 *
 * <p>One change to the server: a cursor asked for no batch size gets batches as a real server would
 * size them ({@link CappedBatches}). mongo-java-server otherwise answers a {@code getMore} with
 * every remaining document in one reply, and the driver refuses a reply over 48 MB, so no client
 * could read more than ~20,000 contracts with a default {@code find()}.
 *
 * <p>Prints one line once the documents are in: {@code mongo ready url=mongodb://127.0.0.1:PORT/DB
 * documents=N seconds=S}; stop it with SIGTERM.
 */
public final class MongoSourceServer {

  /** Documents per {@code insertMany}: big enough to be quick, small enough for one message. */
  private static final int INSERT_BATCH = 1000;

  private MongoSourceServer() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4 || (args.length == 4 && !args[3].matches("[1-9]\\d*"))) {
      System.err.println("usage: MongoSourceServer FILE.jsonl DATABASE COLLECTION [LIMIT]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    if (!Files.isRegularFile(file)) {
      System.err.println("mongo: no file at " + file + "; run bench/mongo.sh to generate it");
      System.exit(2);
    }
    long limit = args.length == 4 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
    long start = System.nanoTime();
    MongoServer server = new MongoServer(new CappedBatches());
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));
    String url = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/" + args[1];
    long documents;
    try (MongoClient client = MongoClients.create(url)) {
      documents =
          load(file, limit, client.getDatabase(args[1]).getCollection(args[2], BsonDocument.class));
    }
    // The server's threads are not daemons: the JVM serves until it is stopped.
    System.out.printf(
        Locale.ROOT,
        "mongo ready url=%s documents=%d seconds=%.1f%n",
        url,
        documents,
        (System.nanoTime() - start) / 1e9);
    System.out.flush();
  }

  /** The first {@code limit} documents of {@code file} into {@code collection}, in order. */
  private static long load(Path file, long limit, MongoCollection<BsonDocument> collection)
      throws IOException {
    long documents = 0;
    List<BsonDocument> batch = new ArrayList<>(INSERT_BATCH);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine();
          line != null && documents + batch.size() < limit;
          line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        batch.add(BsonDocument.parse(line));
        if (batch.size() == INSERT_BATCH) {
          collection.insertMany(batch);
          documents += batch.size();
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      collection.insertMany(batch);
      documents += batch.size();
    }
    return documents;
  }

  /**
   * The in-memory backend with a real server's batch sizes for cursors that ask for none: 101
   * documents in a {@code find}'s first batch, and for a {@code getMore} as many as fill about 16
   * MiB, MongoDB's limit per reply (4,000 contracts of ~4 KiB; the count is fixed, not measured).
   */
  static final class CappedBatches extends MemoryBackend {
    static final int FIRST_BATCH = 101;
    static final int MORE_BATCH = 4000;

    @Override
    public Document handleCommand(
        Channel channel, String database, String command, Document query) {
      if (!query.containsKey("batchSize")) {
        if (command.equalsIgnoreCase("find")) {
          query.put("batchSize", FIRST_BATCH);
        } else if (command.equalsIgnoreCase("getMore")) {
          query.put("batchSize", MORE_BATCH);
        }
      }
      return super.handleCommand(channel, database, command, query);
    }
  }
}
