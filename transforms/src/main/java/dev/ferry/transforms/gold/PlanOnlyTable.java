package dev.ferry.transforms.gold;

import org.apache.beam.sdk.extensions.sql.meta.SchemaBaseBeamTable;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.Row;

/**
 * A table known by its schema alone: enough for Calcite to validate a query and type its result.
 */
final class PlanOnlyTable extends SchemaBaseBeamTable {
  private static final long serialVersionUID = 1L;

  PlanOnlyTable(Schema schema) {
    super(schema);
  }

  @Override
  public PCollection<Row> buildIOReader(PBegin begin) {
    throw new UnsupportedOperationException("a plan-only table has no rows");
  }

  @Override
  public POutput buildIOWriter(PCollection<Row> input) {
    throw new UnsupportedOperationException("a plan-only table is read-only");
  }

  @Override
  public PCollection.IsBounded isBounded() {
    return PCollection.IsBounded.BOUNDED;
  }
}
