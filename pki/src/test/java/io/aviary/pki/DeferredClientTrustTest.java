package io.aviary.pki;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredClientTrustTest {
  private final DeferredClientTrust trust = new DeferredClientTrust();
  private final CertificateAuthority ca =
      CertificateAuthority.generate("Org CA", Duration.ofDays(30));
  private final CertificateAuthority other =
      CertificateAuthority.generate("Other CA", Duration.ofDays(30));

  @Test
  void acceptsAValidClientChainWhateverItsCa() {
    X509Certificate[] chain = chain(ca.issueClient("device-1", Duration.ofHours(1)).chain(), ca);
    assertThatCode(() -> trust.checkClientTrusted(chain, "ECDHE_ECDSA")).doesNotThrowAnyException();
    X509Certificate[] alone =
        other.issueClient("device-2", Duration.ofHours(1)).chain().toArray(X509Certificate[]::new);
    assertThatCode(() -> trust.checkClientTrusted(alone, "ECDHE_ECDSA")).doesNotThrowAnyException();
  }

  @Test
  void refusesExpiredCertificates() {
    X509Certificate[] chain =
        ca.issueClient("old", Duration.ofHours(1), Instant.now().minus(Duration.ofDays(2)))
            .chain()
            .toArray(X509Certificate[]::new);
    assertThatThrownBy(() -> trust.checkClientTrusted(chain, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void refusesCertificatesNotForClientAuthentication() {
    X509Certificate[] chain =
        ca.issueServer("server", List.of("localhost"), Duration.ofHours(1))
            .chain()
            .toArray(X509Certificate[]::new);
    assertThatThrownBy(() -> trust.checkClientTrusted(chain, "ECDHE_ECDSA"))
        .hasMessageContaining("not for client authentication");
  }

  @Test
  void refusesChainsWhoseCertificatesDoNotSignEachOther() {
    X509Certificate leaf = ca.issueClient("device", Duration.ofHours(1)).chain().get(0);
    X509Certificate[] forged = {leaf, other.certificate()};
    assertThatThrownBy(() -> trust.checkClientTrusted(forged, "ECDHE_ECDSA"))
        .hasMessageContaining("do not sign each other");
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void neverVouchesForServers() {
    X509Certificate[] chain = chain(ca.issueClient("device", Duration.ofHours(1)).chain(), ca);
    assertThatThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  private static X509Certificate[] chain(List<X509Certificate> issued, CertificateAuthority ca) {
    return new X509Certificate[] {issued.get(0), ca.certificate()};
  }
}
