package dev.ferry.schemas.types;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: drivers replace bad bytes silently, ferry must see them. */
public final class Utf8 {

  private Utf8() {}

  /** What to do with text that is not valid UTF-8. */
  public enum Policy {
    /** The row goes to dead letters with the byte offset of the first bad sequence. */
    REJECT,
    /** Bad sequences become U+FFFD and the row goes on. */
    REPLACE
  }

  /** Decodes {@code bytes}, or rejects them naming the offset of the first invalid sequence. */
  public static String decodeStrict(byte[] bytes) throws ValueRejected {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      CharBuffer out = decoder.decode(in);
      return out.toString();
    } catch (CharacterCodingException e) {
      throw new ValueRejected(
          "text is not valid UTF-8 (bad byte at offset " + firstBad(bytes) + ")");
    }
  }

  /** Decodes {@code bytes} under {@code policy}. */
  public static String decode(byte[] bytes, Policy policy) throws ValueRejected {
    return policy == Policy.REPLACE
        ? new String(bytes, StandardCharsets.UTF_8)
        : decodeStrict(bytes);
  }

  private static int firstBad(byte[] bytes) {
    return firstInvalid(bytes, 0, bytes.length);
  }

  /**
   * Where {@code b[p, end)} stops being well-formed UTF-8 (overlong forms, UTF-16 surrogates and
   * code points past U+10FFFF included), or -1 if it never does. Allocates nothing, so a parser can
   * check each field of a line in place.
   */
  public static int firstInvalid(byte[] b, int p, int end) {
    while (p < end) {
      int c = b[p];
      if (c >= 0) {
        p++;
        continue;
      }
      c &= 0xff;
      int more;
      int min = 0x80;
      int max = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        more = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        more = 2;
        if (c == 0xe0) {
          min = 0xa0; // overlong
        } else if (c == 0xed) {
          max = 0x9f; // UTF-16 surrogates
        }
      } else if (c >= 0xf0 && c <= 0xf4) {
        more = 3;
        if (c == 0xf0) {
          min = 0x90; // overlong
        } else if (c == 0xf4) {
          max = 0x8f; // beyond U+10FFFF
        }
      } else {
        return p;
      }
      if (p + more >= end) {
        return p;
      }
      int second = b[p + 1] & 0xff;
      if (second < min || second > max) {
        return p;
      }
      for (int k = 2; k <= more; k++) {
        if ((b[p + k] & 0xc0) != 0x80) {
          return p;
        }
      }
      p += more + 1;
    }
    return -1;
  }
}
