package dev.ferry.testkit;

import com.mongodb.client.MongoCollection;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.json.JsonReader;

/**
 * A file of MongoDB Extended JSON documents, one per line (what {@code mongoexport} writes and
 * {@code examples/make_contracts.py} generates), loaded so that a repeated load gives the same
 * collection. Blank lines are skipped.
 *
 * <pre>{@code
 * long loaded = JsonLines.of(Path.of("examples/data/contracts.jsonl")).replaceInto(collection);
 * }</pre>
 *
 * <p>{@link #replaceInto} reads the file twice: once to check every line, so that a bad line leaves
 * the collection as it was, then to insert in batches, so that memory does not grow with the file.
 * Errors are one line naming the file and line, e.g. {@code contracts.jsonl:12: not a JSON object}.
 */
public final class JsonLines {

  /** Documents per {@code insertMany}. */
  static final int BATCH = 1_000;

  private final Path file;

  private JsonLines(Path file) {
    this.file = file;
  }

  public static JsonLines of(Path file) {
    return new JsonLines(file);
  }

  public Path file() {
    return file;
  }

  /**
   * Parses every line and returns how many documents the file holds.
   *
   * @throws IllegalArgumentException naming the file, and the line, that cannot be read
   */
  public long check() {
    long[] count = {0};
    read((line, document) -> count[0]++);
    if (count[0] == 0) {
      throw new IllegalArgumentException(file + ": no documents in the file (it is empty)");
    }
    return count[0];
  }

  /**
   * Deletes every document of {@code collection} and inserts the file's documents in file order;
   * returns how many were inserted. The file is checked first: a bad line changes nothing. Not
   * atomic against a failure of the server halfway: loading again repairs it.
   *
   * @throws IllegalArgumentException naming the file and line that cannot be read
   * @throws com.mongodb.MongoException when the server fails
   */
  public long replaceInto(MongoCollection<BsonDocument> collection) {
    check();
    collection.deleteMany(new BsonDocument());
    List<BsonDocument> batch = new ArrayList<>(BATCH);
    long[] inserted = {0};
    read(
        (line, document) -> {
          batch.add(document);
          if (batch.size() == BATCH) {
            inserted[0] += insert(collection, batch);
          }
        });
    inserted[0] += insert(collection, batch);
    return inserted[0];
  }

  private static int insert(MongoCollection<BsonDocument> collection, List<BsonDocument> batch) {
    int size = batch.size();
    if (size > 0) {
      collection.insertMany(batch);
      batch.clear();
    }
    return size;
  }

  private interface LineHandler {
    void accept(long line, BsonDocument document);
  }

  /** Calls {@code handler} with each document and its 1-based line number. */
  private void read(LineHandler handler) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      long line = 0;
      while (nextLine(in, bytes)) {
        line++;
        String text;
        try {
          // Line by line, so that an encoding error names its own line.
          text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .decode(ByteBuffer.wrap(bytes.toByteArray()))
                  .toString();
        } catch (CharacterCodingException e) {
          throw bad(line, "not UTF-8 text");
        }
        if (!text.isBlank()) {
          handler.accept(line, parse(line, text));
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read it: " + e.getMessage(), e);
    }
  }

  /** Reads up to the next newline into {@code line} (without it, nor a {@code \r} before it). */
  private static boolean nextLine(InputStream in, ByteArrayOutputStream line) throws IOException {
    line.reset();
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        break;
      }
      line.write(b);
    }
    byte[] read = line.toByteArray();
    if (read.length > 0 && read[read.length - 1] == '\r') {
      line.reset();
      line.write(read, 0, read.length - 1);
    }
    return any;
  }

  private BsonDocument parse(long line, String text) {
    if (!text.stripLeading().startsWith("{")) {
      throw bad(line, "not a JSON object (each line must hold one document)");
    }
    JsonReader reader = new JsonReader(text);
    BsonDocument document;
    try {
      document = new BsonDocumentCodec().decode(reader, DecoderContext.builder().build());
    } catch (RuntimeException e) {
      throw bad(line, "not valid Extended JSON: " + firstLine(e.getMessage()));
    }
    // BsonDocument.parse stops after the first document: two on one line would lose the second.
    boolean atEnd;
    try {
      atEnd = reader.readBsonType() == BsonType.END_OF_DOCUMENT;
    } catch (RuntimeException e) {
      atEnd = false;
    }
    if (!atEnd) {
      throw bad(line, "text after the document's closing brace (one document per line)");
    }
    return document;
  }

  private IllegalArgumentException bad(long line, String what) {
    return new IllegalArgumentException(file + ":" + line + ": " + what);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
