package dev.ferry.transforms.validate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A numbering scheme whose last digits check the others, for the {@code check_digits} rule. The
 * value's digits are read with the punctuation people write them with ({@code .}, {@code -}, {@code
 * /} and spaces) ignored; any other character makes the value invalid.
 *
 * <pre>{@code
 * CheckDigits.CPF.problem("529.982.247-24"); // "check digits 24, expected 25"
 * CheckDigits.LUHN.problem("4539 1488 0343 6467"); // null: valid
 * }</pre>
 */
public enum CheckDigits {
  /**
   * A Brazilian individual taxpayer number (CPF): 11 digits, the last two mod-11 check digits over
   * weights 10..2 and 11..2. Numbers of one repeated digit ({@code 111.111.111-11}) pass the
   * arithmetic but are not issued, so they are invalid.
   */
  CPF("CPF") {
    @Override
    String digitsProblem(String digits) {
      return brazilian(digits, 11, new int[] {11, 10, 9, 8, 7, 6, 5, 4, 3, 2});
    }
  },
  /**
   * A Brazilian company number (CNPJ): 14 digits, the last two mod-11 check digits over weights
   * 5..2, 9..2 and 6..2, 9..2. Numbers of one repeated digit are invalid, as for CPF.
   */
  CNPJ("CNPJ") {
    @Override
    String digitsProblem(String digits) {
      return brazilian(digits, 14, new int[] {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2});
    }
  },
  /**
   * The Luhn mod-10 check of payment card numbers (and IMEIs): from the right, every second digit
   * before the check digit doubled. At least two digits: one to check and the check digit.
   */
  LUHN("Luhn number") {
    @Override
    String digitsProblem(String digits) {
      if (digits.length() < 2) {
        return count(digits.length()) + ", expected at least 2";
      }
      int payload = digits.length() - 1;
      int sum = 0;
      for (int i = 0; i < payload; i++) {
        int d = digits.charAt(payload - 1 - i) - '0';
        if (i % 2 == 0) {
          d *= 2;
          d = d > 9 ? d - 9 : d;
        }
        sum += d;
      }
      int expected = (10 - sum % 10) % 10;
      int actual = digits.charAt(payload) - '0';
      return actual == expected ? null : "check digit " + actual + ", expected " + expected;
    }
  };

  private final String label;

  CheckDigits(String label) {
    this.label = label;
  }

  /** What a reason calls a number of this scheme: "CPF", "CNPJ", "Luhn number". */
  public String label() {
    return label;
  }

  /**
   * The scheme a job file names: {@code cpf}, {@code cnpj} or {@code luhn}, any case.
   *
   * @throws IllegalArgumentException naming the schemes when {@code name} is none of them
   */
  public static CheckDigits parse(String name) {
    for (CheckDigits scheme : values()) {
      if (scheme.name().equalsIgnoreCase(name)) {
        return scheme;
      }
    }
    throw new IllegalArgumentException(
        "unknown scheme '"
            + name
            + "' (schemes: "
            + Arrays.stream(values())
                .map(s -> s.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))
            + ")");
  }

  /**
   * What is wrong with {@code value} as a number of this scheme, e.g. {@code "check digits 24,
   * expected 25"} or {@code "10 digits, expected 11"}; null when its check digits are right.
   */
  public String problem(String value) {
    StringBuilder digits = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c != '.' && c != '-' && c != '/' && c != ' ') {
        return "has '"
            + value.substring(i, value.offsetByCodePoints(i, 1))
            + "'; only digits and . - / and spaces are allowed";
      }
    }
    return digitsProblem(digits.toString());
  }

  /** The problem with {@code digits}, ASCII digits only, or null. */
  abstract String digitsProblem(String digits);

  /**
   * The two mod-11 check digits of CPF and CNPJ, the second over the base and the right first
   * digit, so the expected pair is what the base digits should carry; {@code weights} are the
   * second digit's.
   */
  private static String brazilian(String digits, int length, int[] weights) {
    if (digits.length() != length) {
      return count(digits.length()) + ", expected " + length;
    }
    if (digits.chars().allMatch(c -> c == digits.charAt(0))) {
      return "all digits are the same";
    }
    String base = digits.substring(0, length - 2);
    int first = mod11(base, weights, 1);
    int second = mod11(base + first, weights, 0);
    String actual = digits.substring(length - 2);
    String expected = "" + first + second;
    return actual.equals(expected) ? null : "check digits " + actual + ", expected " + expected;
  }

  /**
   * The mod-11 check digit of {@code digits}, weighted by {@code weights} from {@code offset} on
   * (the first check digit takes the second's weights without their first).
   */
  private static int mod11(String digits, int[] weights, int offset) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      sum += (digits.charAt(i) - '0') * weights[offset + i];
    }
    int r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  }

  private static String count(int digits) {
    return digits + (digits == 1 ? " digit" : " digits");
  }
}
