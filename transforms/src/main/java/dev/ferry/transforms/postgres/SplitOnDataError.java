package dev.ferry.transforms.postgres;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/**
 * Loads a batch in parts, isolating its bad elements (rows, or whole documents) the way pgloader
 * does: a part that fails with a data error is rolled back and split. When the error names the
 * element (a COPY names its line), that element is rejected, the elements before it are retried as
 * one part and those after it in two halves. When it names none (a constraint a merge checks), the
 * part is retried in two halves. A single element that still fails is rejected with the error; all
 * other elements load.
 *
 * <p>The work is bounded: every failed transaction rejects an element or halves a part, so a batch
 * of n elements with k bad ones costs about k·log2(n) transactions at most, and never more than
 * about 2n even when every element is bad.
 */
final class SplitOnDataError {

  /** Loads one part in one transaction: commits it, or throws a data error and loads nothing. */
  interface Part<E> {
    void load(List<E> part) throws SQLException;
  }

  /** The index within {@code part} of the element {@code error} names, if it names one. */
  interface Culprit<E> {
    OptionalInt of(SQLException error, List<E> part);
  }

  /** Takes an element the server refused on its own, with the error. */
  interface Rejected<E> {
    void reject(E element, SQLException error);
  }

  private SplitOnDataError() {}

  /**
   * Loads {@code batch}, rejecting its bad elements.
   *
   * @return the transactions run, committed or rolled back
   */
  static <E> long load(List<E> batch, Part<E> loader, Culprit<E> culprit, Rejected<E> rejected) {
    Deque<List<E>> pending = new ArrayDeque<>();
    pending.push(batch);
    long transactions = 0;
    while (!pending.isEmpty()) {
      List<E> part = pending.pop();
      transactions++;
      try {
        loader.load(part);
      } catch (SQLException e) {
        OptionalInt named = culprit.of(e, part);
        if (named.isPresent() && named.getAsInt() >= 0 && named.getAsInt() < part.size()) {
          int bad = named.getAsInt();
          // The elements after the bad one were never checked: halve them, in case errors are
          // dense.
          pushHalves(pending, part.subList(bad + 1, part.size()));
          // The elements before it passed: they most likely commit at once.
          if (bad > 0) {
            pending.push(part.subList(0, bad));
          }
          rejected.reject(part.get(bad), e);
        } else if (part.size() == 1) {
          rejected.reject(part.get(0), e);
        } else {
          pushHalves(pending, part);
        }
      }
    }
    return transactions;
  }

  /** Queues {@code elements} as two parts, the first half to be loaded first. */
  private static <E> void pushHalves(Deque<List<E>> pending, List<E> elements) {
    int half = elements.size() / 2;
    if (half < elements.size()) {
      pending.push(elements.subList(half, elements.size()));
    }
    if (half > 0) {
      pending.push(elements.subList(0, half));
    }
  }
}
