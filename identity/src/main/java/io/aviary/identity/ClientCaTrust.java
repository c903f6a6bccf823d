package io.aviary.identity;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an organization trusts for client certificates: its CA certificates and the serial numbers
 * it revoked, per issuing CA. Build one per organization and rebuild it when the CA or the
 * revocation list changes.
 *
 * @param orgId the organization
 * @param authorities the organization's CA certificates (trust anchors)
 * @param revokedByCa revoked serial numbers keyed by the issuing CA's SHA-256 fingerprint
 *     (lower-case hex, no separators)
 */
public record ClientCaTrust(
    String orgId, List<X509Certificate> authorities, Map<String, Set<BigInteger>> revokedByCa) {

  public ClientCaTrust {
    authorities = List.copyOf(authorities);
    Map<String, Set<BigInteger>> copy = new HashMap<>();
    revokedByCa.forEach(
        (fingerprint, serials) ->
            copy.put(CaCertificates.normalizeFingerprint(fingerprint), Set.copyOf(serials)));
    revokedByCa = Map.copyOf(copy);
  }

  /**
   * Trust from PEM text as tenant-api stores it.
   *
   * @param caPems PEM CA certificates (each may hold several)
   * @param revokedSerialsByCa hex serial numbers keyed by the issuing CA's SHA-256 fingerprint, in
   *     any case, with or without colons
   * @throws CertificateFormatException if a PEM or a serial number does not parse
   */
  public static ClientCaTrust fromPem(
      String orgId,
      Collection<String> caPems,
      Map<String, ? extends Collection<String>> revokedSerialsByCa) {
    List<X509Certificate> authorities = new ArrayList<>();
    for (String pem : caPems) {
      authorities.addAll(CaCertificates.parse(pem));
    }
    Map<String, Set<BigInteger>> revoked = new HashMap<>();
    revokedSerialsByCa.forEach(
        (fingerprint, serials) -> {
          Set<BigInteger> parsed = new HashSet<>();
          for (String serial : serials) {
            parsed.add(CaCertificates.parseSerial(serial));
          }
          revoked.put(fingerprint, parsed);
        });
    return new ClientCaTrust(orgId, authorities, revoked);
  }

  /** Whether {@code serial}, issued by the CA with {@code caFingerprint}, is revoked. */
  public boolean isRevoked(String caFingerprint, BigInteger serial) {
    Set<BigInteger> serials = revokedByCa.get(CaCertificates.normalizeFingerprint(caFingerprint));
    return serials != null && serials.contains(serial);
  }
}
