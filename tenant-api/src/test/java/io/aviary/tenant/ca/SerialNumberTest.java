package io.aviary.tenant.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.identity.CertificateFormatException;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SerialNumberTest {

  @ParameterizedTest
  @CsvSource({
    "0A:1B:FF, a1bff",
    "0x0a1bff, a1bff",
    "00 0a 1b ff, a1bff",
    "0, 0",
    "000, 0",
    "DEADBEEF, deadbeef",
    "00:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff, "
        + "ffffffffffffffffffffffffffffffffffffffff"
  })
  void canonicalFormMatchesBigIntegerHex(String input, String expected) {
    assertThat(SerialNumber.parse(input).hex()).isEqualTo(expected);
    assertThat(new BigInteger(expected, 16).toString(16)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0x",
        "xyz",
        "12g4",
        "01:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff"
      })
  void invalidSerials(String input) {
    assertThatThrownBy(() -> SerialNumber.parse(input))
        .isInstanceOf(CertificateFormatException.class);
  }
}
