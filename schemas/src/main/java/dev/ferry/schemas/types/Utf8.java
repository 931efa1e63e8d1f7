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
    CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }
}
