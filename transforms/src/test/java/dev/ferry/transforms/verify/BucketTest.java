package dev.ferry.transforms.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.types.ColumnType;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Buckets split a differing chunk the same way on both sides, evenly, about 1,000 rows each. */
class BucketTest {

  @Test
  void theCountIsAboutAThousandRowsPerBucketWithinLimits() {
    assertEquals(1, Bucket.count(0));
    assertEquals(1, Bucket.count(1_000));
    assertEquals(2, Bucket.count(1_001));
    assertEquals(100, Bucket.count(100_000));
    assertEquals(Bucket.MAX, Bucket.count(10_000_000_000L));
  }

  @Test
  void aKeyReadAsAnIntAndAsABigintFallsInTheSameBucket() {
    Column asInt =
        new Column("id", "int", ColumnType.parse("int"), false, null, false, List.of(), null);
    Column asBigint =
        new Column("id", "bigint", ColumnType.parse("bigint"), false, null, false, List.of(), null);
    Row small = Row.withSchema(Schema.builder().addInt32Field("id").build()).addValue(42).build();
    Row big = Row.withSchema(Schema.builder().addInt64Field("id").build()).addValue(42L).build();
    byte[] a = RowImages.keyBytes(small, CanonicalRow.of(List.of(asInt)), List.of(0));
    byte[] b = RowImages.keyBytes(big, CanonicalRow.of(List.of(asBigint)), List.of(0));
    assertEquals(Bucket.index(a, 97), Bucket.index(b, 97));
  }

  @Test
  void consecutiveKeysSpreadEvenly() {
    Column id =
        new Column("id", "bigint", ColumnType.parse("bigint"), false, null, false, List.of(), null);
    CanonicalRow canonical = CanonicalRow.of(List.of(id));
    Schema schema = Schema.builder().addInt64Field("id").build();
    int buckets = 100;
    int[] counts = new int[buckets];
    for (long k = 0; k < 100_000; k++) {
      Row row = Row.withSchema(schema).addValue(k).build();
      counts[Bucket.index(RowImages.keyBytes(row, canonical, List.of(0)), buckets)]++;
    }
    for (int c : counts) {
      assertTrue(c > 850 && c < 1150, "about 1,000 keys per bucket, got " + c);
    }
  }
}
