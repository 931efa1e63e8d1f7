package dev.ferry.transforms.validate;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One clean-up step for text columns. Steps always run in declaration order, trim → nfc →
 * empty_to_null, whatever order a job file lists them in, so {@code [empty_to_null, trim]} turns
 * blank text into NULL.
 */
public enum Normalization {
  /** Removes leading and trailing white space as {@link String#strip()} sees it. */
  TRIM {
    @Override
    String apply(String text) {
      return text.strip();
    }
  },
  /**
   * Unicode NFC, so a composed {@code é} and {@code e} + combining accent become the same text and
   * compare, join and deduplicate as equal.
   */
  NFC {
    @Override
    String apply(String text) {
      return Normalizer.isNormalized(text, Normalizer.Form.NFC)
          ? text
          : Normalizer.normalize(text, Normalizer.Form.NFC);
    }
  },
  /** Text that is empty after the steps before it becomes NULL. */
  EMPTY_TO_NULL {
    @Override
    String apply(String text) {
      return text.isEmpty() ? null : text;
    }
  };

  /** This step on non-null {@code text}; returns {@code text} itself when nothing changes. */
  abstract String apply(String text);

  /** Applies {@code steps} to {@code text} in the fixed order; NULL stays NULL. */
  public static String applyAll(Collection<Normalization> steps, String text) {
    String result = text;
    for (Normalization step : steps instanceof EnumSet<Normalization> set ? set : inOrder(steps)) {
      if (result == null) {
        break;
      }
      result = step.apply(result);
    }
    return result;
  }

  /** The steps as a set that iterates in the order they run. */
  public static EnumSet<Normalization> inOrder(Collection<Normalization> steps) {
    EnumSet<Normalization> set = EnumSet.noneOf(Normalization.class);
    set.addAll(steps);
    return set;
  }

  /** Reads a step as a job file names it: {@code trim}, {@code nfc} or {@code empty_to_null}. */
  public static Normalization parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown normalization '"
              + name
              + "': use one of "
              + Arrays.stream(values())
                  .map(n -> n.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", ")));
    }
  }
}
