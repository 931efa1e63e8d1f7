package dev.ferry.schemas.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast parser reads every text to the very double and float the JDK's parser does. */
class FloatTextTest {

  @Test
  void randomDoublesAndFloatsReadBackBitForBit() {
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      String text = Double.toString(d);
      assertEquals(
          Double.doubleToLongBits(Double.parseDouble(text)),
          Double.doubleToLongBits(FloatText.parseDouble(text)),
          text);
      float f = Float.intBitsToFloat(random.nextInt());
      String short_ = Float.toString(f);
      assertEquals(
          Float.floatToIntBits(Float.parseFloat(short_)),
          Float.floatToIntBits(FloatText.parseFloat(short_)),
          short_);
    }
  }

  @Test
  void serverSpellingsAndEdgesMatchTheJdk() {
    for (String text :
        List.of(
            "0",
            "-0",
            "1e308",
            "1.7976931348623157e308",
            "4.9e-324",
            "2.4703282292062328e-324",
            "1e-400",
            "1e400",
            "NaN",
            "Infinity",
            "-Infinity",
            "0.1",
            "123456789012345678901234567890",
            "9007199254740993",
            "2.2250738585072011e-308",
            "1060.6601717798212",
            "3.4028235e38",
            "1.00000017881393432617187499")) {
      assertEquals(
          Double.doubleToLongBits(Double.parseDouble(text)),
          Double.doubleToLongBits(FloatText.parseDouble(text)),
          text);
      assertEquals(
          Float.floatToIntBits(Float.parseFloat(text)),
          Float.floatToIntBits(FloatText.parseFloat(text)),
          text);
    }
  }

  @Test
  void textThatIsNoNumberIsRefusedAsTheJdkRefusesIt() {
    for (String text : List.of("", "abc", "1.2.3", "--1", "1e", "0x")) {
      assertThrows(NumberFormatException.class, () -> FloatText.parseDouble(text), text);
    }
  }
}
