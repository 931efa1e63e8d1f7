package dev.ferry.schemas.mongo;

import dev.ferry.schemas.document.CollectionShape;
import java.io.Serializable;

/**
 * One collection as {@code inspect} sampled it.
 *
 * @param shape the paths, types and counts seen, with the collection's count estimate
 * @param sampling how the sampled documents were chosen
 */
public record SampledCollection(CollectionShape shape, Sampling sampling) implements Serializable {

  /** How the documents behind a shape were chosen. */
  public enum Sampling {
    /** Every document of the collection: it had no more than the sample size. */
    ALL("all documents"),
    /** A random sample ({@code $sample}). */
    RANDOM("a random sample"),
    /** The first documents in natural order: the server has no {@code $sample}. */
    FIRST("the first documents");

    private final String text;

    Sampling(String text) {
      this.text = text;
    }

    /** How a person reads it: "a random sample". */
    public String text() {
      return text;
    }
  }

  public String name() {
    return shape.collection();
  }
}
