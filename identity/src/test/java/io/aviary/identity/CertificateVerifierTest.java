package io.aviary.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Refused;
import io.aviary.identity.Verification.Verified;
import io.aviary.pki.CertificateAuthority;
import io.aviary.pki.IssuedCertificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/** Client certificates against an organization's own CA, with PKIX and our revocation list. */
class CertificateVerifierTest {
  private static final CertificateAuthority ORG_CA =
      CertificateAuthority.generate("Acme Devices CA", Duration.ofDays(3650));
  private static final CertificateAuthority OTHER_CA =
      CertificateAuthority.generate("Other Org CA", Duration.ofDays(3650));

  private final MutableClock clock = new MutableClock(Instant.now());
  private final CertificateVerifier verifier = new CertificateVerifier(clock);
  private final IssuedCertificate device =
      ORG_CA.issueClient("device-42", Duration.ofDays(365), List.of("device-42.acme.com"));

  private ClientCaTrust trust(Map<String, List<String>> revoked) {
    return ClientCaTrust.fromPem("org_a", List.of(ORG_CA.certificatePem()), revoked);
  }

  private static Refused refused(Verification verification, AuthFailure reason) {
    assertThat(verification).isInstanceOf(Refused.class);
    Refused refused = (Refused) verification;
    assertThat(refused.reason()).as(refused.detail()).isEqualTo(reason);
    return refused;
  }

  @Test
  void aChainToTheOrganizationsCaIsAcceptedWithTheCnAsIdentity() {
    for (List<X509Certificate> chain : List.of(device.chain(), List.of(device.certificate()))) {
      Verification verification = verifier.verify(chain, trust(Map.of()));
      assertThat(verification).isInstanceOf(Verified.class);
      Verified verified = (Verified) verification;
      assertThat(verified.subject()).isEqualTo("device-42");
      assertThat(verified.connectionId()).isEqualTo(CertificateVerifier.CREDENTIAL);
      assertThat(verified.expiresAt()).isEqualTo(device.certificate().getNotAfter().toInstant());
      assertThat(verified.bindings())
          .containsEntry("user_id", List.of("device-42"))
          .containsEntry(
              "client_cert_serial", List.of(device.certificate().getSerialNumber().toString(16)))
          .containsEntry(
              "client_cert_fingerprint",
              List.of(CaCertificates.fingerprintSha256(device.certificate())))
          .containsEntry("client_cert_issuer_fingerprint", List.of(ORG_CA.fingerprintSha256()))
          .containsEntry("san_dns", List.of("device-42.acme.com"));
    }
  }

  @Test
  void aCertificateFromAnotherCaIsABadSignature() {
    IssuedCertificate foreign = OTHER_CA.issueClient("device-42", Duration.ofDays(365));
    refused(verifier.verify(foreign.chain(), trust(Map.of())), AuthFailure.BAD_SIGNATURE);
    List<X509Certificate> spliced = List.of(foreign.certificate(), ORG_CA.certificate());
    refused(verifier.verify(spliced, trust(Map.of())), AuthFailure.BAD_SIGNATURE);
  }

  @Test
  void aRevokedSerialIsRefusedOnlyOnItsIssuersList() {
    String serial =
        device.certificate().getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
    Refused refused =
        refused(
            verifier.verify(
                device.chain(), trust(Map.of(ORG_CA.fingerprintSha256(), List.of(serial)))),
            AuthFailure.REVOKED);
    assertThat(refused.detail()).contains(serial.toLowerCase(java.util.Locale.ROOT));
    String plainFingerprint =
        ORG_CA.fingerprintSha256().replace(":", "").toLowerCase(java.util.Locale.ROOT);
    refused(
        verifier.verify(device.chain(), trust(Map.of(plainFingerprint, List.of("0x" + serial)))),
        AuthFailure.REVOKED);
    assertThat(
            verifier.verify(
                device.chain(), trust(Map.of(OTHER_CA.fingerprintSha256(), List.of(serial)))))
        .isInstanceOf(Verified.class);
  }

  @Test
  void validityIsCheckedAtTheInjectedTime() {
    clock.advance(Duration.ofDays(366));
    refused(verifier.verify(device.chain(), trust(Map.of())), AuthFailure.EXPIRED);
    clock.set(Instant.now().minus(Duration.ofDays(1)));
    refused(verifier.verify(device.chain(), trust(Map.of())), AuthFailure.NOT_YET_VALID);
  }

  @Test
  void onlyClientCertificatesIdentifyClients() {
    IssuedCertificate server =
        ORG_CA.issueServer("broker", List.of("broker.acme.com"), Duration.ofDays(30));
    refused(verifier.verify(server.chain(), trust(Map.of())), AuthFailure.MALFORMED);
    refused(verifier.verify(List.of(ORG_CA.certificate()), trust(Map.of())), AuthFailure.MALFORMED);
    refused(verifier.verify(List.of(), trust(Map.of())), AuthFailure.MALFORMED);
    refused(
        verifier.verify(device.chain(), ClientCaTrust.fromPem("org_a", List.of(), Map.of())),
        AuthFailure.BAD_SIGNATURE);
  }

  @Test
  void intermediatesEmailAndUriSansAndPerCaRevocation() {
    Instant now = clock.instant();
    TestCertificates.Issued root = TestCertificates.root("Acme Root", now);
    TestCertificates.Issued intermediate =
        TestCertificates.intermediate("Acme Issuing CA", root, now);
    TestCertificates.Issued leaf =
        TestCertificates.leaf(
            "agent-7",
            intermediate,
            now,
            KeyPurposeId.id_kp_clientAuth,
            new GeneralName(GeneralName.rfc822Name, "agent-7@acme.com"),
            new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://acme.com/agent/7"));
    ClientCaTrust trust = new ClientCaTrust("org_a", List.of(root.certificate()), Map.of());
    List<X509Certificate> chain =
        List.of(leaf.certificate(), intermediate.certificate(), root.certificate());
    Verified verified = (Verified) verifier.verify(chain, trust);
    assertThat(verified.bindings())
        .containsEntry("user_id", List.of("agent-7"))
        .containsEntry("email", List.of("agent-7@acme.com"))
        .containsEntry("san_uri", List.of("spiffe://acme.com/agent/7"));
    refused(verifier.verify(List.of(leaf.certificate()), trust), AuthFailure.BAD_SIGNATURE);

    ClientCaTrust revokedIntermediate =
        new ClientCaTrust(
            "org_a",
            List.of(root.certificate()),
            Map.of(
                CaCertificates.fingerprintSha256(root.certificate()),
                java.util.Set.of(intermediate.certificate().getSerialNumber())));
    refused(verifier.verify(chain, revokedIntermediate), AuthFailure.REVOKED);

    TestCertificates.Issued serverOnly =
        TestCertificates.leaf("svc", intermediate, now, KeyPurposeId.id_kp_serverAuth);
    refused(
        verifier.verify(List.of(serverOnly.certificate(), intermediate.certificate()), trust),
        AuthFailure.MALFORMED);
    TestCertificates.Issued noEku = TestCertificates.leaf("plain", intermediate, now, null);
    assertThat(verifier.verify(List.of(noEku.certificate(), intermediate.certificate()), trust))
        .isInstanceOf(Verified.class);
  }
}
