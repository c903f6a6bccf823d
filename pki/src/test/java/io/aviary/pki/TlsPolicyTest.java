package io.aviary.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aviary.pki.TlsPolicy.ClientAuth;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlsPolicyTest {

  @Test
  void protocolsPreferTls13WithTls12AsTheFloor() {
    assertThat(TlsPolicy.PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
  }

  @Test
  void cipherSuitesAreListedInPreferenceOrder() {
    assertThat(TlsPolicy.CIPHER_SUITES)
        .containsExactly(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void listsAreImmutable() {
    assertThatThrownBy(() -> TlsPolicy.PROTOCOLS.add("TLSv1.1"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> TlsPolicy.CIPHER_SUITES.add("TLS_RSA_WITH_AES_128_GCM_SHA256"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> TlsPolicy.supportedCipherSuites().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void everyTls12SuiteIsEcdheWithAnAeadCipher() {
    assertThat(TlsPolicy.TLS12_CIPHER_SUITES)
        .allSatisfy(
            suite -> {
              assertThat(suite).startsWith("TLS_ECDHE_");
              assertThat(suite).containsAnyOf("_GCM_", "_CHACHA20_POLY1305_");
            });
  }

  @Test
  void thisJvmSupportsTheWholePolicyInOrder() {
    assertThat(TlsPolicy.supportedCipherSuites()).isEqualTo(TlsPolicy.CIPHER_SUITES);
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "none|NONE",
        "NONE|NONE",
        "Optional|OPTIONAL",
        "required|REQUIRED",
        " REQUIRED |REQUIRED",
        "\tnone |NONE"
      })
  void clientAuthParsesCaseInsensitively(String value, ClientAuth expected) {
    assertThat(ClientAuth.parse(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "yes", "true", "need", "want", "require", "mutual"})
  void clientAuthRejectsOtherValuesNamingTheAllowedOnes(String value) {
    assertThatThrownBy(() -> ClientAuth.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed values: none, optional, required");
  }

  static Stream<Arguments> clientAuthModes() {
    return Stream.of(
        Arguments.of(ClientAuth.NONE, false, false),
        Arguments.of(ClientAuth.OPTIONAL, false, true),
        Arguments.of(ClientAuth.REQUIRED, true, false));
  }

  @ParameterizedTest(name = "{0}: need={1} want={2}")
  @MethodSource("clientAuthModes")
  void applySetsProtocolsSuitesAndClientAuth(ClientAuth mode, boolean need, boolean want) {
    for (ClientAuth previous : ClientAuth.values()) {
      SSLParameters parameters = new SSLParameters();
      previous.applyTo(parameters);

      TlsPolicy.apply(parameters, mode);

      assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
      assertThat(parameters.getCipherSuites())
          .containsExactlyElementsOf(TlsPolicy.supportedCipherSuites());
      assertThat(parameters.getUseCipherSuitesOrder()).isTrue();
      assertThat(parameters.getNeedClientAuth()).as("need after " + previous).isEqualTo(need);
      assertThat(parameters.getWantClientAuth()).as("want after " + previous).isEqualTo(want);
    }
  }
}
