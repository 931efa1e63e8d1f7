package dev.ferry.schemas.document;

import java.io.Serializable;
import java.util.List;

/**
 * Where a value sits in a document: the keys from the root, with {@link #ARRAY} standing for "any
 * element of the array here". {@code contacts.[].phone} is the {@code phone} of every element of
 * {@code contacts}. Keys are kept as they are (dots, spaces and odd characters included), so a key
 * {@code "a.b"} and the path {@code a → b} stay different.
 *
 * @param segments the keys from the root; {@link #ARRAY} for array elements
 */
public record FieldPath(List<String> segments) implements Serializable {

  /** The segment that stands for the elements of an array. */
  public static final String ARRAY = "[]";

  public FieldPath {
    segments = List.copyOf(segments);
  }

  public static FieldPath of(String... segments) {
    return new FieldPath(List.of(segments));
  }

  /** This path with {@code key} appended. */
  public FieldPath child(String key) {
    java.util.ArrayList<String> next = new java.util.ArrayList<>(segments);
    next.add(key);
    return new FieldPath(next);
  }

  /** This path with an array-element step appended. */
  public FieldPath element() {
    return child(ARRAY);
  }

  /** The path as people read it: keys joined by dots, array steps as {@code []}. */
  @Override
  public String toString() {
    return String.join(".", segments);
  }
}
