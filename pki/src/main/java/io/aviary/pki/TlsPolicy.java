package io.aviary.pki;

import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The TLS parameters every Aviary listener uses, kept in one place so no listener drifts: TLS 1.3
 * preferred with TLS 1.2 as the floor, and only forward-secret AEAD cipher suites.
 */
public final class TlsPolicy {
  /** Enabled protocols, most preferred first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** The TLS 1.3 cipher suites (all forward secret by design), in preference order. */
  public static final List<String> TLS13_CIPHER_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  /**
   * The TLS 1.2 cipher suites, in preference order: ECDHE key exchange for forward secrecy and AEAD
   * ciphers only, so no static-RSA, finite-field DHE or CBC suites.
   */
  public static final List<String> TLS12_CIPHER_SUITES =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** All enabled cipher suites in preference order: the TLS 1.3 ones, then the TLS 1.2 ones. */
  public static final List<String> CIPHER_SUITES =
      Stream.concat(TLS13_CIPHER_SUITES.stream(), TLS12_CIPHER_SUITES.stream()).toList();

  private TlsPolicy() {}

  /**
   * {@link #CIPHER_SUITES} less those the running JVM does not support, in the same order; a JVM
   * rejects unknown names when they are enabled, and some builds lack ChaCha20.
   */
  public static List<String> supportedCipherSuites() {
    Set<String> supported =
        new HashSet<>(
            Arrays.asList(defaultContext().getSupportedSSLParameters().getCipherSuites()));
    return CIPHER_SUITES.stream().filter(supported::contains).toList();
  }

  /**
   * Sets {@link #PROTOCOLS}, {@link #supportedCipherSuites()} (with the server's preference order
   * honoured) and the client-authentication mode on {@code parameters}, and returns them.
   */
  public static SSLParameters apply(SSLParameters parameters, ClientAuth clientAuth) {
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    parameters.setCipherSuites(supportedCipherSuites().toArray(String[]::new));
    parameters.setUseCipherSuitesOrder(true);
    clientAuth.applyTo(parameters);
    return parameters;
  }

  private static SSLContext defaultContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no default SSLContext", e);
    }
  }

  /** Whether a TLS listener asks connecting clients for a certificate. */
  public enum ClientAuth {
    /** No client certificate is requested; clients authenticate at the MQTT level, if at all. */
    NONE,
    /**
     * A client certificate is requested; a client may send none, but one it sends must chain to a
     * trusted CA or the handshake fails.
     */
    OPTIONAL,
    /** Every client must present a certificate that chains to a trusted CA (mutual TLS). */
    REQUIRED;

    /**
     * Parses a configuration value, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code value} is none of them
     */
    public static ClientAuth parse(String value) {
      String allowed =
          Arrays.stream(values())
              .map(mode -> mode.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      if (value == null) {
        throw new IllegalArgumentException(
            "TLS client auth is not set; allowed values: " + allowed);
      }
      for (ClientAuth mode : values()) {
        if (mode.name().equalsIgnoreCase(value.strip())) {
          return mode;
        }
      }
      throw new IllegalArgumentException(
          "Unknown TLS client auth '" + value + "'; allowed values: " + allowed);
    }

    /** Sets need/want client auth on {@code parameters} to match this mode. */
    public void applyTo(SSLParameters parameters) {
      // setNeedClientAuth and setWantClientAuth each reset the other, so set exactly one last.
      switch (this) {
        case NONE -> {
          parameters.setNeedClientAuth(false);
          parameters.setWantClientAuth(false);
        }
        case OPTIONAL -> parameters.setWantClientAuth(true);
        case REQUIRED -> parameters.setNeedClientAuth(true);
      }
    }
  }
}
