package dev.ferry.transforms.validate;

import static dev.ferry.transforms.validate.CheckDigits.CNPJ;
import static dev.ferry.transforms.validate.CheckDigits.CPF;
import static dev.ferry.transforms.validate.CheckDigits.LUHN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The check-digit algorithms on published valid numbers and on each way a number can be wrong. */
class CheckDigitsTest {

  @Test
  void cpf() {
    assertNull(CPF.problem("529.982.247-25"));
    assertNull(CPF.problem("52998224725"));
    assertNull(CPF.problem("529 982 247 25"));
    // Remainders below 2 give check digit 0.
    assertNull(CPF.problem("000.000.001-91"));
    assertEquals("check digits 24, expected 25", CPF.problem("529.982.247-24"));
    assertEquals("check digits 52, expected 25", CPF.problem("529.982.247-52"));
    assertEquals("check digits 25, expected 06", CPF.problem("529.982.248-25"));
  }

  @Test
  void cpfOfOneRepeatedDigitIsInvalid() {
    assertEquals("all digits are the same", CPF.problem("111.111.111-11"));
    assertEquals("all digits are the same", CPF.problem("00000000000"));
  }

  @Test
  void cnpj() {
    assertNull(CNPJ.problem("11.222.333/0001-81"));
    assertNull(CNPJ.problem("11222333000181"));
    assertEquals("check digits 80, expected 81", CNPJ.problem("11.222.333/0001-80"));
    assertEquals("check digits 81, expected 62", CNPJ.problem("11.222.333/0002-81"));
    assertEquals("all digits are the same", CNPJ.problem("00.000.000/0000-00"));
    assertEquals("11 digits, expected 14", CNPJ.problem("529.982.247-25"));
  }

  @Test
  void luhn() {
    assertNull(LUHN.problem("4539 1488 0343 6467"));
    assertNull(LUHN.problem("4539-1488-0343-6467"));
    assertNull(LUHN.problem("79927398713"));
    assertNull(LUHN.problem("00"));
    assertEquals("check digit 8, expected 7", LUHN.problem("4539 1488 0343 6468"));
    assertEquals("check digit 0, expected 3", LUHN.problem("79927398710"));
    assertEquals("1 digit, expected at least 2", LUHN.problem("7"));
  }

  @Test
  void onlyDigitsAndTheirPunctuation() {
    assertEquals(
        "has 'x'; only digits and . - / and spaces are allowed", CPF.problem("529.982.247-2x"));
    assertEquals(
        "has '_'; only digits and . - / and spaces are allowed", LUHN.problem("4539_1488"));
    assertEquals("0 digits, expected 11", CPF.problem(""));
    assertEquals("10 digits, expected 11", CPF.problem("529.982.247-2"));
  }

  @Test
  void parseNamesTheSchemes() {
    assertEquals(CPF, CheckDigits.parse("cpf"));
    assertEquals(LUHN, CheckDigits.parse("Luhn"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CheckDigits.parse("iban"));
    assertEquals("unknown scheme 'iban' (schemes: cpf, cnpj, luhn)", e.getMessage());
  }
}
