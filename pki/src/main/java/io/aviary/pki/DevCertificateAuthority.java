package io.aviary.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Creates, checks and repairs the development PKI that the broker's dev mode keeps in its data
 * directory, so TLS works out of the box and clients trust {@code ca.pem} once.
 */
public final class DevCertificateAuthority {
  /** File name of the CA certificate. */
  public static final String CA_CERTIFICATE_FILE = "ca.pem";

  /** File name of the CA private key. */
  public static final String CA_PRIVATE_KEY_FILE = "ca-key.pem";

  /** File name of the server certificate chain (server certificate, then CA certificate). */
  public static final String SERVER_CERTIFICATE_FILE = "server.pem";

  /** File name of the server private key. */
  public static final String SERVER_PRIVATE_KEY_FILE = "server-key.pem";

  /** Names every dev server certificate covers, before any extra host names. */
  public static final List<String> DEFAULT_SERVER_NAMES = List.of("localhost", "127.0.0.1", "::1");

  /** Common name of the dev server certificate. */
  public static final String SERVER_COMMON_NAME = "localhost";

  /** Prefix of the CA's common name; a random id follows so two dev CAs are told apart. */
  public static final String CA_COMMON_NAME_PREFIX = "Aviary Development CA ";

  /** Validity of the CA certificate, in years. */
  public static final int CA_VALIDITY_YEARS = 10;

  /** Validity of a server certificate: within the 398 days that browsers and Apple accept. */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(397);

  /** A certificate expiring sooner than this is replaced rather than reused. */
  public static final Duration RENEWAL_MARGIN = Duration.ofDays(30);

  private DevCertificateAuthority() {}

  /**
   * Makes sure {@code dir} holds a usable development PKI and says what it did.
   *
   * <p>Existing files are reused when they parse, the server certificate was signed by the CA key
   * and covers localhost, 127.0.0.1, ::1 and {@code extraHostnames}, and neither certificate
   * expires within {@link #RENEWAL_MARGIN}. When only the server certificate falls short, a new one
   * is issued from the existing CA so clients that trust {@code ca.pem} keep working; when the CA
   * is missing, broken or expiring, everything is regenerated. Every file is replaced atomically
   * and key files are written 0600.
   *
   * @param dir the directory (created if missing)
   * @param extraHostnames further names the server certificate must cover: IP literals become IP
   *     SANs, anything else DNS SANs
   * @throws IllegalArgumentException if an extra host name is neither an IP address nor a DNS name
   * @throws IOException if the directory or a file cannot be read or written
   */
  public static DevPki ensure(Path dir, Collection<String> extraHostnames) throws IOException {
    return ensure(dir, extraHostnames, Clock.systemUTC());
  }

  static DevPki ensure(Path dir, Collection<String> extraHostnames, Clock clock)
      throws IOException {
    Instant now = clock.instant();
    List<String> names = serverNames(extraHostnames);
    Files.createDirectories(dir);
    Path caFile = dir.resolve(CA_CERTIFICATE_FILE);
    Path caKeyFile = dir.resolve(CA_PRIVATE_KEY_FILE);
    Path serverFile = dir.resolve(SERVER_CERTIFICATE_FILE);
    Path serverKeyFile = dir.resolve(SERVER_PRIVATE_KEY_FILE);

    CertificateAuthority ca = null;
    DevPki.Outcome outcome;
    String reason;
    if (!Files.exists(caFile) && !Files.exists(caKeyFile)) {
      reason = "no CA yet";
    } else {
      try {
        ca = CertificateAuthority.load(caFile, caKeyFile);
        reason = validityProblem(ca.certificate(), now, CA_CERTIFICATE_FILE);
      } catch (PemException e) {
        reason = e.getMessage();
      }
    }
    if (ca == null || reason != null) {
      ca = CertificateAuthority.generate(caCommonName(), caValidity(now), now);
      ca.writeTo(caFile, caKeyFile);
      issueServer(ca, names, now).writeTo(serverFile, serverKeyFile);
      outcome = DevPki.Outcome.CREATED;
    } else {
      reason = serverProblem(ca, serverFile, serverKeyFile, names, now);
      if (reason != null) {
        issueServer(ca, names, now).writeTo(serverFile, serverKeyFile);
        outcome = DevPki.Outcome.SERVER_REISSUED;
      } else {
        reason = "existing certificates are valid";
        outcome = DevPki.Outcome.REUSED;
      }
    }
    X509Certificate server = PemFiles.readCertificates(serverFile).get(0);
    List<String> covered;
    try {
      covered = SubjectAltNames.displayNames(server, names);
    } catch (CertificateParsingException e) {
      throw new PemException(serverFile + ": unreadable subjectAltName extension", e);
    }
    return new DevPki(
        dir,
        caFile,
        caKeyFile,
        serverFile,
        serverKeyFile,
        outcome,
        reason,
        ca.fingerprintSha256(),
        covered);
  }

  private static List<String> serverNames(Collection<String> extraHostnames) {
    List<String> names = new ArrayList<>(DEFAULT_SERVER_NAMES);
    names.addAll(extraHostnames);
    return SubjectAltNames.normalize(names);
  }

  private static String caCommonName() {
    return CA_COMMON_NAME_PREFIX + Keys.randomHex(4);
  }

  private static Duration caValidity(Instant now) {
    return Duration.between(now, now.atOffset(ZoneOffset.UTC).plusYears(CA_VALIDITY_YEARS));
  }

  private static IssuedCertificate issueServer(
      CertificateAuthority ca, List<String> names, Instant now) {
    return ca.issueServer(SERVER_COMMON_NAME, names, SERVER_VALIDITY, now);
  }

  /** Why the server files cannot be reused, or null when they can. */
  private static String serverProblem(
      CertificateAuthority ca, Path serverFile, Path serverKeyFile, List<String> names, Instant now)
      throws IOException {
    List<X509Certificate> chain;
    PrivateKey key;
    try {
      chain = PemFiles.readCertificates(serverFile);
      key = PemFiles.readPrivateKey(serverKeyFile);
    } catch (PemException e) {
      return e.getMessage();
    }
    X509Certificate server = chain.get(0);
    try {
      server.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      return SERVER_CERTIFICATE_FILE + " was not signed by the CA in " + CA_CERTIFICATE_FILE;
    }
    if (chain.size() < 2 || !chain.get(1).equals(ca.certificate())) {
      return SERVER_CERTIFICATE_FILE + " does not carry the current CA certificate in its chain";
    }
    if (!Keys.matches(key, server.getPublicKey())) {
      return SERVER_PRIVATE_KEY_FILE + " does not belong to " + SERVER_CERTIFICATE_FILE;
    }
    String validity = validityProblem(server, now, SERVER_CERTIFICATE_FILE);
    if (validity != null) {
      return validity;
    }
    Set<String> present;
    try {
      present = SubjectAltNames.canonicalNames(server);
    } catch (CertificateParsingException e) {
      return SERVER_CERTIFICATE_FILE + " has an unreadable subjectAltName extension";
    }
    List<String> missing =
        names.stream().filter(name -> !present.contains(SubjectAltNames.canonical(name))).toList();
    if (!missing.isEmpty()) {
      return SERVER_CERTIFICATE_FILE + " does not cover " + String.join(", ", missing);
    }
    return null;
  }

  /** Why the certificate is not valid from now until the renewal margin, or null when it is. */
  @SuppressWarnings("JavaUtilDate") // X509Certificate.checkValidity takes java.util.Date
  private static String validityProblem(X509Certificate certificate, Instant now, String file) {
    try {
      certificate.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      return file + " expired on " + certificate.getNotAfter().toInstant();
    } catch (CertificateNotYetValidException e) {
      return file + " is not valid before " + certificate.getNotBefore().toInstant();
    }
    if (certificate.getNotAfter().toInstant().isBefore(now.plus(RENEWAL_MARGIN))) {
      return file + " expires on " + certificate.getNotAfter().toInstant();
    }
    return null;
  }
}
