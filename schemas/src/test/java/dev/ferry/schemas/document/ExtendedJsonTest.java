package dev.ferry.schemas.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtendedJsonTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"v\": 5}                                   | 5",
        "{\"v\": {\"$numberLong\": \"5\"}}            | {\"$numberLong\": \"5\"}",
        "{\"v\": 5.0}                                 | 5.0",
        "{\"v\": 1e300}                               | 1.0E300",
        "{\"v\": {\"$numberDouble\": \"Infinity\"}}   | {\"$numberDouble\": \"Infinity\"}",
        "{\"v\": {\"$numberDecimal\": \"5.00\"}}      | {\"$numberDecimal\": \"5.00\"}",
        "{\"v\": \"say \\\"hi\\\"\"}                  | \"say \\\"hi\\\"\"",
        "{\"v\": null}                                | null",
        "{\"v\": [1, null, \"a\"]}                    | [1, null, \"a\"]",
        "{\"v\": {\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}} | {\"$oid\": \"65f1a2b3c4d5e6f708192a01\"}",
        "{\"v\": {\"$date\": \"2024-05-01T12:00:00Z\"}}   | {\"$date\": \"2024-05-01T12:00:00Z\"}",
        "{\"v\": {\"a\": {\"b\": true}}}              | {\"a\": {\"b\": true}}",
      })
  void valuesAreRelaxedJsonWithInt64KeptAndReadBackAsTheSameValue(String doc, String json) {
    BsonValue v = BsonDocument.parse(doc).get("v");
    assertEquals(json, ExtendedJson.value(v));
    assertEquals(v, BsonDocument.parse("{\"v\": " + json + "}").get("v"));
  }

  @org.junit.jupiter.api.Test
  void documentsKeepTheirKeyOrderAndOddKeys() {
    BsonDocument d =
        new BsonDocument("z", new BsonInt32(1))
            .append("a.b", new BsonInt64(2))
            .append("$x", new BsonString("y"))
            .append("", BsonNull.VALUE)
            .append("arr", new BsonArray());
    String json = ExtendedJson.of(d);
    assertEquals(
        "{\"z\": 1, \"a.b\": {\"$numberLong\": \"2\"}, \"$x\": \"y\", \"\": null, \"arr\": []}",
        json);
    assertEquals(d, BsonDocument.parse(json));
  }
}
