package dev.ferry.pipelines.plan;

import dev.ferry.schemas.document.FlattenPlan;
import dev.ferry.schemas.mongo.CollectionSplit;
import dev.ferry.schemas.mongo.SampledCollection;
import java.io.Serializable;

/**
 * One collection of a {@code mongodb} job: the tables its documents flatten into, the filter they
 * are read with, how the plan was sampled and how the collection is read.
 *
 * @param filter the query in JSON, or "" for every document
 * @param sampled the shape the tables were planned from and how it was sampled
 * @param split one reader or parallel {@code _id} ranges, and why
 */
public record CollectionPlan(
    String collection,
    FlattenPlan flatten,
    String filter,
    SampledCollection sampled,
    CollectionSplit split)
    implements Serializable {

  /** "500 documents sampled (all documents)". */
  public String samplingText() {
    long documents = sampled.shape().sampled();
    return documents
        + (documents == 1 ? " document" : " documents")
        + " sampled ("
        + sampled.sampling().text()
        + ")";
  }
}
