package io.aviary.identity;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Refused;
import io.aviary.identity.Verification.Verified;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Verifies a client certificate chain against an organization's CA with PKIX (the JDK's
 * CertPathValidator; CRL/OCSP off, the organization's own revocation list instead) and turns the
 * leaf into an identity: CN as subject and {@code user_id}, SANs, serial and fingerprint as
 * bindings.
 *
 * <p>Failures: {@code bad_signature} (the chain does not lead to the organization's CA), {@code
 * expired}, {@code not_yet_valid}, {@code revoked}, {@code malformed} (no certificate, not a client
 * certificate, no CN).
 */
public final class CertificateVerifier {
  /** The {@link Verified#connectionId()} of certificate identities. */
  public static final String CREDENTIAL = "certificate";

  private static final int MAX_CHAIN = 8;
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_EKU = "2.5.29.37.0";
  private static final int SAN_EMAIL = 1;
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;

  private final Clock clock;

  public CertificateVerifier() {
    this(Clock.systemUTC());
  }

  public CertificateVerifier(Clock clock) {
    this.clock = clock;
  }

  /** Verifies {@code chain} (leaf first, as TLS presents it) against {@code trust}. */
  public Verification verify(List<X509Certificate> chain, ClientCaTrust trust) {
    if (chain == null || chain.isEmpty()) {
      return new Refused(AuthFailure.MALFORMED, "no client certificate was presented");
    }
    if (chain.size() > MAX_CHAIN) {
      return new Refused(
          AuthFailure.MALFORMED, "the certificate chain is longer than " + MAX_CHAIN);
    }
    if (trust.authorities().isEmpty()) {
      return new Refused(AuthFailure.BAD_SIGNATURE, "the organization has no client CA");
    }
    X509Certificate leaf = chain.get(0);
    Refused usage = clientUsage(leaf);
    if (usage != null) {
      return usage;
    }
    Instant now = clock.instant();
    PKIXCertPathValidatorResult result;
    try {
      result = validate(pathWithoutAnchors(chain, trust), trust, now);
    } catch (CertPathValidatorException e) {
      return refusal(e);
    } catch (GeneralSecurityException e) {
      return new Refused(AuthFailure.MALFORMED, "the certificate chain cannot be checked");
    }
    X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
    if (now.isAfter(anchor.getNotAfter().toInstant())) {
      return new Refused(AuthFailure.EXPIRED, "the organization's CA certificate has expired");
    }
    if (now.isBefore(anchor.getNotBefore().toInstant())) {
      return new Refused(AuthFailure.NOT_YET_VALID, "the organization's CA is not valid yet");
    }
    Refused revoked = revocation(chain, anchor, trust);
    if (revoked != null) {
      return revoked;
    }
    String commonName = commonName(leaf);
    if (commonName == null
        || commonName.isEmpty()
        || commonName.length() > ClaimRules.MAX_SUBJECT_CHARS) {
      return new Refused(AuthFailure.MALFORMED, "the certificate has no usable CN");
    }
    return new Verified(
        CREDENTIAL, commonName, bindings(leaf, anchor, commonName), leaf.getNotAfter().toInstant());
  }

  private static Refused clientUsage(X509Certificate leaf) {
    if (leaf.getBasicConstraints() >= 0) {
      return new Refused(AuthFailure.MALFORMED, "a CA certificate cannot be a client certificate");
    }
    boolean[] keyUsage = leaf.getKeyUsage();
    if (keyUsage != null
        && (keyUsage.length <= DIGITAL_SIGNATURE || !keyUsage[DIGITAL_SIGNATURE])) {
      return new Refused(
          AuthFailure.MALFORMED, "the certificate's keyUsage lacks digitalSignature");
    }
    if (keyUsage != null && keyUsage.length > KEY_CERT_SIGN && keyUsage[KEY_CERT_SIGN]) {
      return new Refused(AuthFailure.MALFORMED, "a certificate-signing key cannot be a client key");
    }
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      if (eku != null && !eku.contains(CLIENT_AUTH) && !eku.contains(ANY_EKU)) {
        return new Refused(
            AuthFailure.MALFORMED, "the certificate's extendedKeyUsage lacks clientAuth");
      }
    } catch (CertificateParsingException e) {
      return new Refused(AuthFailure.MALFORMED, "the certificate's extendedKeyUsage is unreadable");
    }
    return null;
  }

  /** The presented chain minus any certificate that is itself one of the organization's CAs. */
  private static List<X509Certificate> pathWithoutAnchors(
      List<X509Certificate> chain, ClientCaTrust trust) {
    Set<X509Certificate> anchors = new HashSet<>(trust.authorities());
    List<X509Certificate> path = new ArrayList<>();
    path.add(chain.get(0));
    for (X509Certificate certificate : chain.subList(1, chain.size())) {
      if (anchors.contains(certificate)) {
        break;
      }
      path.add(certificate);
    }
    return path;
  }

  @SuppressWarnings("JavaUtilDate") // PKIXParameters takes java.util.Date
  private static PKIXCertPathValidatorResult validate(
      List<X509Certificate> path, ClientCaTrust trust, Instant now)
      throws GeneralSecurityException {
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate authority : trust.authorities()) {
      anchors.add(new TrustAnchor(authority, null));
    }
    PKIXParameters parameters;
    try {
      parameters = new PKIXParameters(anchors);
    } catch (InvalidAlgorithmParameterException e) {
      throw new CertPathValidatorException("no trust anchors", e);
    }
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(now));
    CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
    return (PKIXCertPathValidatorResult)
        CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
  }

  private static Refused refusal(CertPathValidatorException e) {
    if (e.getReason() == BasicReason.EXPIRED) {
      return new Refused(AuthFailure.EXPIRED, "a certificate in the chain has expired");
    }
    if (e.getReason() == BasicReason.NOT_YET_VALID) {
      return new Refused(AuthFailure.NOT_YET_VALID, "a certificate in the chain is not valid yet");
    }
    return new Refused(
        AuthFailure.BAD_SIGNATURE, "the certificate chain does not lead to the organization's CA");
  }

  /** Each certificate of the validated path is checked against the list of its issuer. */
  private static Refused revocation(
      List<X509Certificate> chain, X509Certificate anchor, ClientCaTrust trust) {
    List<X509Certificate> path = new ArrayList<>(chain);
    path.add(anchor);
    for (int i = 0; i + 1 < path.size(); i++) {
      X509Certificate certificate = path.get(i);
      if (certificate.equals(anchor)) {
        break;
      }
      X509Certificate issuer = path.get(i + 1);
      if (trust.isRevoked(
          CaCertificates.fingerprintSha256(issuer), certificate.getSerialNumber())) {
        return new Refused(
            AuthFailure.REVOKED,
            "certificate serial "
                + CaCertificates.serialHex(certificate.getSerialNumber())
                + " is revoked");
      }
    }
    return null;
  }

  private static Map<String, List<String>> bindings(
      X509Certificate leaf, X509Certificate anchor, String commonName) {
    Map<String, List<String>> bindings = new LinkedHashMap<>();
    bindings.put("user_id", List.of(commonName));
    bindings.put("client_cert_serial", List.of(CaCertificates.serialHex(leaf.getSerialNumber())));
    bindings.put("client_cert_fingerprint", List.of(CaCertificates.fingerprintSha256(leaf)));
    bindings.put(
        "client_cert_issuer_fingerprint", List.of(CaCertificates.fingerprintSha256(anchor)));
    List<String> emails = new ArrayList<>();
    List<String> dnsNames = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (!(name.get(1) instanceof String value)
              || value.isEmpty()
              || value.length() > ClaimPath.MAX_VALUE_CHARS) {
            continue;
          }
          List<String> target =
              switch ((Integer) name.get(0)) {
                case SAN_EMAIL -> emails;
                case SAN_DNS -> dnsNames;
                case SAN_URI -> uris;
                default -> null;
              };
          if (target != null && target.size() < ClaimPath.MAX_VALUES) {
            target.add(value);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // unreadable SANs contribute no bindings; the CN still identifies the client
    }
    putIfAny(bindings, "email", emails);
    putIfAny(bindings, "san_dns", dnsNames);
    putIfAny(bindings, "san_uri", uris);
    return bindings;
  }

  private static void putIfAny(
      Map<String, List<String>> bindings, String name, List<String> values) {
    if (!values.isEmpty()) {
      bindings.put(name, List.copyOf(values));
    }
  }

  private static String commonName(X509Certificate certificate) {
    try {
      LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
      String commonName = null;
      for (Rdn rdn : name.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String value) {
          commonName = value; // getRdns() lists the most specific RDN last: keep that CN
        }
      }
      return commonName;
    } catch (InvalidNameException e) {
      return null;
    }
  }
}
