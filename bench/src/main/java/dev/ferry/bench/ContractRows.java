package dev.ferry.bench;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonValue;

/**
 * The contract documents of {@code examples/make_contracts.py}, flattened by hand into the eight
 * tables {@code examples/mongo-contracts.yaml} plans, as PostgreSQL COPY text lines. Written for
 * this one shape, the way a person would write a one-off loader: no plan, no sampling, no type
 * widening, no validation beyond what COPY needs; a document whose values do not have the expected
 * BSON types is skipped whole (the two such documents the generator makes are the ones ferry also
 * rejects without rules).
 *
 * <p>Not thread-safe: one per loop. {@link #add} renders a document into scratch buffers first, so
 * a skipped document leaves nothing behind.
 */
final class ContractRows {

  /** The tables in load order (parents first), as the job names them. */
  static final List<String> TABLES =
      List.of(
          "clients",
          "identities",
          "addresses",
          "contacts",
          "bank_accounts",
          "operations",
          "installments",
          "cet_details");

  private static final int CLIENTS = 0;
  private static final int IDENTITIES = 1;
  private static final int ADDRESSES = 2;
  private static final int CONTACTS = 3;
  private static final int BANK_ACCOUNTS = 4;
  private static final int OPERATIONS = 5;
  private static final int INSTALLMENTS = 6;
  private static final int CET_DETAILS = 7;

  private final StringBuilder[] batch = buffers();
  private final StringBuilder[] scratch = buffers();
  private final long[] batchRows = new long[TABLES.size()];
  private final long[] scratchRows = new long[TABLES.size()];
  private final long[] totalRows = new long[TABLES.size()];
  private StringBuilder line;
  private boolean rowStart;

  /**
   * Adds the document's rows to the batch, or returns false (and adds nothing) when one of its
   * values is not of the type the tables hold.
   */
  boolean add(BsonDocument contract) {
    for (int t = 0; t < scratch.length; t++) {
      scratch[t].setLength(0);
      scratchRows[t] = 0;
    }
    try {
      render(contract);
    } catch (BsonInvalidOperationException | NullPointerException e) {
      // A value of another type (or a missing one) where the tables expect this one.
      return false;
    }
    for (int t = 0; t < scratch.length; t++) {
      batch[t].append(scratch[t]);
      batchRows[t] += scratchRows[t];
    }
    return true;
  }

  /** The batch's COPY text of table {@code t} (an index into {@link #TABLES}). */
  StringBuilder batch(int t) {
    return batch[t];
  }

  /** Counts the batch's rows as written and empties it. */
  void clearBatch() {
    for (int t = 0; t < batch.length; t++) {
      batch[t].setLength(0);
      totalRows[t] += batchRows[t];
      batchRows[t] = 0;
    }
  }

  /** Rows written per table, in {@link #TABLES} order, by the batches cleared so far. */
  long[] totalRows() {
    return totalRows.clone();
  }

  private void render(BsonDocument d) {
    String id = d.getObjectId("_id").getValue().toHexString();
    BsonDocument client = d.getDocument("client");
    row(CLIENTS)
        .text(id)
        .text(d.getString("contract_number").getValue())
        .text(client.getString("name").getValue())
        .date(client.get("birth_date"))
        .uuid(d.getBinary("external.ref id"))
        .textArray(d.getArray("tags"))
        .nul()
        .end();
    int ordinal = 0;
    for (BsonValue v : client.getArray("documents")) {
      BsonDocument doc = v.asDocument();
      row(IDENTITIES)
          .text(id)
          .number(ordinal++)
          .text(doc.getString("kind").getValue())
          .text(doc.getString("number").getValue())
          .text(doc.get("issuer"))
          .nul()
          .end();
    }
    ordinal = 0;
    for (BsonValue v : client.getArray("addresses")) {
      BsonDocument a = v.asDocument();
      row(ADDRESSES)
          .text(id)
          .number(ordinal++)
          .text(a.getString("street").getValue())
          .number(a.getNumber("number").longValue())
          .text(a.getString("city").getValue())
          .text(a.getString("state").getValue())
          .text(a.getString("zip").getValue())
          .text(a.get("complement"))
          .nul()
          .end();
    }
    ordinal = 0;
    for (BsonValue v : client.getArray("contacts")) {
      BsonDocument c = v.asDocument();
      row(CONTACTS)
          .text(id)
          .number(ordinal++)
          .text(c.getString("type").getValue())
          .text(c.get("value"))
          .nul()
          .end();
    }
    BsonDocument account = d.getDocument("bank_account");
    row(BANK_ACCOUNTS)
        .text(id)
        .text(account.getString("bank_code").getValue())
        .text(account.getString("bank_name").getValue())
        .text(account.getString("branch").getValue())
        .text(account.getString("account").getValue())
        .nul()
        .end();
    BsonDocument operation = d.getDocument("operation");
    row(OPERATIONS)
        .text(id)
        .decimal(operation.get("amount"))
        .real(operation.getNumber("rate_monthly_pct").doubleValue())
        .number(operation.getNumber("term_months").longValue())
        .date(operation.get("signed_at"))
        .nul()
        .end();
    ordinal = 0;
    for (BsonValue v : operation.getArray("installments")) {
      BsonDocument i = v.asDocument();
      row(INSTALLMENTS)
          .text(id)
          .number(ordinal++)
          .number(i.getNumber("number").longValue())
          .date(i.get("due_date"))
          .decimal(i.get("amount"))
          .bool(i.getBoolean("paid").getValue())
          .nul()
          .end();
    }
    ordinal = 0;
    for (BsonValue v : operation.getArray("cet")) {
      BsonDocument c = v.asDocument();
      row(CET_DETAILS)
          .text(id)
          .number(ordinal++)
          .text(c.getString("component").getValue())
          .decimal(c.get("value"))
          .nul()
          .end();
    }
  }

  private ContractRows row(int table) {
    line = scratch[table];
    rowStart = true;
    scratchRows[table]++;
    return this;
  }

  private ContractRows sep() {
    if (!rowStart) {
      line.append('\t');
    }
    rowStart = false;
    return this;
  }

  private ContractRows nul() {
    sep().line.append("\\N");
    return this;
  }

  private void end() {
    line.append('\n');
  }

  private ContractRows number(long n) {
    sep().line.append(n);
    return this;
  }

  private ContractRows real(double x) {
    sep().line.append(x);
    return this;
  }

  private ContractRows bool(boolean b) {
    sep().line.append(b ? 't' : 'f');
    return this;
  }

  private ContractRows decimal(BsonValue v) {
    sep().line.append(v.asDecimal128().getValue().bigDecimalValue().toPlainString());
    return this;
  }

  private ContractRows date(BsonValue v) {
    sep().line.append(Instant.ofEpochMilli(v.asDateTime().getValue()));
    return this;
  }

  private ContractRows uuid(BsonBinary b) {
    ByteBuffer bytes = ByteBuffer.wrap(b.getData());
    sep().line.append(new UUID(bytes.getLong(), bytes.getLong()));
    return this;
  }

  /** A string or NULL (missing or BSON null); anything else does not fit a text column. */
  private ContractRows text(BsonValue v) {
    return v == null || v.isNull() ? nul() : text(v.asString().getValue());
  }

  private ContractRows text(String s) {
    sep();
    escape(s, false);
    return this;
  }

  /** A {@code text[]} literal: every element double-quoted, then escaped for COPY. */
  private ContractRows textArray(BsonArray values) {
    sep().line.append('{');
    for (int k = 0; k < values.size(); k++) {
      if (k > 0) {
        line.append(',');
      }
      line.append('"');
      escape(values.get(k).asString().getValue(), true);
      line.append('"');
    }
    line.append('}');
    return this;
  }

  /**
   * Appends {@code s} escaped for COPY text; inside an array literal, {@code "} and {@code \} are
   * first escaped for the array (a backslash), and that backslash again for COPY.
   */
  private void escape(String s, boolean inArray) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '\\' -> line.append(inArray ? "\\\\\\\\" : "\\\\");
        case '"' -> line.append(inArray ? "\\\\\"" : "\"");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        default -> line.append(c);
      }
    }
  }

  private static StringBuilder[] buffers() {
    StringBuilder[] b = new StringBuilder[TABLES.size()];
    for (int t = 0; t < b.length; t++) {
      b[t] = new StringBuilder(1 << 16);
    }
    return b;
  }
}
