package io.aviary.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds JDK {@link SSLContext}s and key/trust manager factories straight from PEM material, for
 * tools and tests that speak TLS without a framework.
 */
public final class SslContexts {
  // Never leaves memory: the key store exists only to hand the key to the JDK's key manager.
  private static final char[] IN_MEMORY_PASSWORD = "aviary".toCharArray();

  private SslContexts() {}

  /**
   * A key manager factory presenting {@code chain} (leaf first) with {@code privateKey}; uses the
   * PKIX algorithm, which picks certificates by key type, SNI and extended key usage.
   */
  public static KeyManagerFactory keyManagerFactory(
      List<X509Certificate> chain, PrivateKey privateKey) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "key", privateKey, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
      factory.init(store, IN_MEMORY_PASSWORD);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("Cannot use this certificate chain and key for TLS", e);
    }
  }

  /** A key manager factory from a PEM certificate chain file and a PEM private key file. */
  public static KeyManagerFactory keyManagerFactory(Path chainFile, Path privateKeyFile)
      throws IOException {
    return keyManagerFactory(
        PemFiles.readCertificates(chainFile), PemFiles.readPrivateKey(privateKeyFile));
  }

  /** A trust manager factory that trusts exactly the given CA certificates. */
  public static TrustManagerFactory trustManagerFactory(Collection<X509Certificate> trusted) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int index = 0;
      for (X509Certificate certificate : trusted) {
        store.setCertificateEntry("trusted-" + index++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("Cannot build a trust store from these certificates", e);
    }
  }

  /** A trust manager factory that trusts exactly the certificates in a PEM file. */
  public static TrustManagerFactory trustManagerFactory(Path trustedCertificatesFile)
      throws IOException {
    return trustManagerFactory(PemFiles.readCertificates(trustedCertificatesFile));
  }

  /**
   * An initialised {@code TLS} context.
   *
   * @param keyManagers what this side presents, or null to present nothing
   * @param trustManagers whom this side trusts, or null for the JVM's default trust store
   */
  public static SSLContext sslContext(
      KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyManagers == null ? null : keyManagers.getKeyManagers(),
          trustManagers == null ? null : trustManagers.getTrustManagers(),
          Keys.RANDOM);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot initialise a TLS context", e);
    }
  }
}
