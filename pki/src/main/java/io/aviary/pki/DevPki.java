package io.aviary.pki;

import java.nio.file.Path;
import java.util.List;

/**
 * The development PKI in a directory, as {@link DevCertificateAuthority#ensure} left it.
 *
 * @param directory the directory holding the four files
 * @param caCertificate {@code ca.pem}: the CA certificate clients trust
 * @param caPrivateKey {@code ca-key.pem}: the CA's PKCS#8 private key (0600)
 * @param serverCertificateChain {@code server.pem}: the server certificate, then the CA certificate
 * @param serverPrivateKey {@code server-key.pem}: the server's PKCS#8 private key (0600)
 * @param outcome what {@code ensure} did
 * @param reason why, in words fit for a log line
 * @param caFingerprintSha256 SHA-256 fingerprint of {@code ca.pem}, colon-separated hex
 * @param serverNames the host names and IP addresses the server certificate is valid for (its DNS
 *     and IP subjectAltNames), which may be more than were asked for
 */
public record DevPki(
    Path directory,
    Path caCertificate,
    Path caPrivateKey,
    Path serverCertificateChain,
    Path serverPrivateKey,
    Outcome outcome,
    String reason,
    String caFingerprintSha256,
    List<String> serverNames) {

  /** What {@link DevCertificateAuthority#ensure} did with the directory. */
  public enum Outcome {
    /** A new CA and server certificate were generated; clients must trust the new ca.pem. */
    CREATED,
    /** The existing files were valid and were left untouched. */
    REUSED,
    /** The CA was kept and a new server certificate issued from it; clients need no change. */
    SERVER_REISSUED
  }

  /** Copies {@code serverNames} so the record stays immutable. */
  public DevPki {
    serverNames = List.copyOf(serverNames);
  }

  /** Whether a new CA was generated, so clients that trusted the old ca.pem no longer connect. */
  public boolean created() {
    return outcome == Outcome.CREATED;
  }

  /** A one-line summary for the broker's start-up log. */
  public String describe() {
    String action =
        switch (outcome) {
          case CREATED -> "created a new development CA";
          case REUSED -> "reusing the development CA";
          case SERVER_REISSUED -> "issued a new server certificate from the development CA";
        };
    return "Dev TLS: "
        + action
        + " in "
        + directory
        + " ("
        + reason
        + "); clients trust "
        + caCertificate
        + " (SHA-256 "
        + caFingerprintSha256
        + "); server certificate valid for "
        + String.join(", ", serverNames);
  }
}
