package dev.ferry.bench;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.bson.BsonDocument;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The baseline for MongoDB → PostgreSQL: the plainest loop the drivers allow, with no ferry class
 * in it. One {@code find()} over the collection through the MongoDB driver, each contract flattened
 * by hand ({@link ContractRows}) into the eight tables of {@code examples/mongo-contracts.yaml},
 * and per batch of documents one {@code COPY} per table through pgjdbc's {@link CopyManager}, in
 * one transaction. The tables are created as ferry's {@code create} mode creates them: columns and
 * primary keys before the load, foreign keys after it, all inside the measured time.
 *
 * <pre>{@code
 * PG_USER=bench PG_PASSWORD=... java -Xmx1g -cp "$(cat bench/target/classpath.txt):bench/target/ferry-bench.jar" \
 *     dev.ferry.bench.MongoCopyBaseline mongodb://127.0.0.1:27017/credit contracts \
 *     jdbc:postgresql://127.0.0.1:5432/bench baseline
 * }</pre>
 *
 * <p>Prints the rows per table ({@code table NAME rows=N}) and one summary line: {@code baseline
 * documents=N skipped=K rows=R seconds=S keys_seconds=F docs_per_second=D}.
 */
public final class MongoCopyBaseline {

  /** Documents per transaction. */
  private static final int BATCH = 1000;

  private static final String TABLES_DDL =
      """
      DROP SCHEMA IF EXISTS "%1$s" CASCADE;
      CREATE SCHEMA "%1$s";
      CREATE TABLE "%1$s".clients (
        _id varchar(24) PRIMARY KEY, contract_number text NOT NULL, client_name text NOT NULL,
        client_birth_date timestamptz NOT NULL, "external.ref id" uuid NOT NULL,
        tags text[] NOT NULL, _extra jsonb);
      CREATE TABLE "%1$s".identities (
        _root_id varchar(24) NOT NULL, _ordinal integer NOT NULL, kind text NOT NULL,
        number text NOT NULL, issuer text, _extra jsonb, PRIMARY KEY (_root_id, _ordinal));
      CREATE TABLE "%1$s".addresses (
        _root_id varchar(24) NOT NULL, _ordinal integer NOT NULL, street text NOT NULL,
        number bigint NOT NULL, city text NOT NULL, state text NOT NULL, zip text NOT NULL,
        complement text, _extra jsonb, PRIMARY KEY (_root_id, _ordinal));
      CREATE TABLE "%1$s".contacts (
        _root_id varchar(24) NOT NULL, _ordinal integer NOT NULL, type text NOT NULL,
        value text, _extra jsonb, PRIMARY KEY (_root_id, _ordinal));
      CREATE TABLE "%1$s".bank_accounts (
        _root_id varchar(24) PRIMARY KEY, bank_code text NOT NULL, bank_name text NOT NULL,
        branch text NOT NULL, account text NOT NULL, _extra jsonb);
      CREATE TABLE "%1$s".operations (
        _root_id varchar(24) PRIMARY KEY, amount numeric(14,2) NOT NULL,
        rate_monthly_pct double precision NOT NULL, term_months bigint NOT NULL,
        signed_at timestamptz NOT NULL, _extra jsonb);
      CREATE TABLE "%1$s".installments (
        _root_id varchar(24) NOT NULL, _ordinal integer NOT NULL, number bigint NOT NULL,
        due_date timestamptz NOT NULL, amount numeric(14,2) NOT NULL, paid boolean NOT NULL,
        _extra jsonb, PRIMARY KEY (_root_id, _ordinal));
      CREATE TABLE "%1$s".cet_details (
        _root_id varchar(24) NOT NULL, _ordinal integer NOT NULL, component text NOT NULL,
        value numeric(14,2) NOT NULL, _extra jsonb, PRIMARY KEY (_root_id, _ordinal));
      """;

  private static final String KEYS_DDL =
      """
      ALTER TABLE "%1$s".identities ADD FOREIGN KEY (_root_id) REFERENCES "%1$s".clients (_id);
      ALTER TABLE "%1$s".addresses ADD FOREIGN KEY (_root_id) REFERENCES "%1$s".clients (_id);
      ALTER TABLE "%1$s".contacts ADD FOREIGN KEY (_root_id) REFERENCES "%1$s".clients (_id);
      ALTER TABLE "%1$s".bank_accounts ADD FOREIGN KEY (_root_id) REFERENCES "%1$s".clients (_id);
      ALTER TABLE "%1$s".operations ADD FOREIGN KEY (_root_id) REFERENCES "%1$s".clients (_id);
      ALTER TABLE "%1$s".installments
        ADD FOREIGN KEY (_root_id) REFERENCES "%1$s".operations (_root_id);
      ALTER TABLE "%1$s".cet_details
        ADD FOREIGN KEY (_root_id) REFERENCES "%1$s".operations (_root_id);
      """;

  private MongoCopyBaseline() {}

  public static void main(String[] args) throws SQLException {
    if (args.length != 4 || !args[3].matches("[a-z_][a-z0-9_]*")) {
      System.err.println(
          "usage: PG_USER=… PG_PASSWORD=… MongoCopyBaseline MONGO_URL COLLECTION JDBC_URL SCHEMA");
      System.exit(2);
    }
    ConnectionString mongoUrl = new ConnectionString(args[0]);
    String collection = args[1];
    String schema = args[3];

    long start = System.nanoTime();
    ContractRows rows = new ContractRows();
    long documents = 0;
    long skipped = 0;
    double keysSeconds;
    try (MongoClient mongo = MongoClients.create(mongoUrl);
        Connection pg =
            DriverManager.getConnection(
                args[2], System.getenv("PG_USER"), System.getenv("PG_PASSWORD"))) {
      execute(pg, TABLES_DDL.formatted(schema));
      pg.setAutoCommit(false);
      CopyManager copy = pg.unwrap(PGConnection.class).getCopyAPI();
      List<String> sql =
          ContractRows.TABLES.stream()
              .map(t -> "COPY \"" + schema + "\"." + t + " FROM STDIN")
              .toList();
      int inBatch = 0;
      try (MongoCursor<BsonDocument> cursor =
          mongo
              .getDatabase(mongoUrl.getDatabase())
              .getCollection(collection, BsonDocument.class)
              .find()
              .iterator()) {
        while (cursor.hasNext()) {
          documents++;
          if (!rows.add(cursor.next())) {
            skipped++;
            continue;
          }
          if (++inBatch == BATCH) {
            write(pg, copy, sql, rows);
            inBatch = 0;
          }
        }
      }
      if (inBatch > 0) {
        write(pg, copy, sql, rows);
      }
      pg.setAutoCommit(true);
      long keysStart = System.nanoTime();
      execute(pg, KEYS_DDL.formatted(schema));
      keysSeconds = (System.nanoTime() - keysStart) / 1e9;
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    long[] perTable = rows.totalRows();
    long total = 0;
    for (int t = 0; t < perTable.length; t++) {
      System.out.printf(Locale.ROOT, "table %s rows=%d%n", ContractRows.TABLES.get(t), perTable[t]);
      total += perTable[t];
    }
    System.out.printf(
        Locale.ROOT,
        "baseline documents=%d skipped=%d rows=%d seconds=%.3f keys_seconds=%.3f"
            + " docs_per_second=%.0f%n",
        documents,
        skipped,
        total,
        seconds,
        keysSeconds,
        documents / seconds);
  }

  /** One COPY per table of the batch's rows, committed together. */
  private static void write(Connection pg, CopyManager copy, List<String> sql, ContractRows rows)
      throws SQLException {
    for (int t = 0; t < sql.size(); t++) {
      byte[] bytes = rows.batch(t).toString().getBytes(StandardCharsets.UTF_8);
      if (bytes.length == 0) {
        continue;
      }
      CopyIn in = copy.copyIn(sql.get(t));
      in.writeToCopy(bytes, 0, bytes.length);
      in.endCopy();
    }
    pg.commit();
    rows.clearBatch();
  }

  private static void execute(Connection pg, String statements) throws SQLException {
    try (Statement st = pg.createStatement()) {
      st.execute(statements);
    }
  }
}
