package io.aviary.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;

/**
 * A client certificate chain (leaf first) and its private key, read from the PEM files of {@code
 * --cert} and {@code --key}, for mutual TLS. Every problem is reported as a sentence naming the
 * option and the file.
 */
record ClientCertificate(List<X509Certificate> chain, PrivateKey key) {

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  /** Only in memory: the key store exists to hand the key to a {@link KeyManagerFactory}. */
  private static final char[] STORE_PASSWORD = "aviary-loadgen".toCharArray();

  ClientCertificate {
    chain = List.copyOf(chain);
  }

  /**
   * Reads and checks the pair.
   *
   * @throws IOException when a file cannot be read
   * @throws GeneralSecurityException when the content is unusable (the message says why)
   */
  static ClientCertificate load(Path certPem, Path keyPem)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = certificates(certPem);
    PublicKey publicKey = chain.get(0).getPublicKey();
    PrivateKey key = privateKey(keyPem, publicKey.getAlgorithm(), certPem);
    if (!matches(key, publicKey)) {
      throw new GeneralSecurityException(
          "--key " + keyPem + " does not belong to the certificate in --cert " + certPem);
    }
    return new ClientCertificate(chain, key);
  }

  /** A key manager factory presenting this certificate. */
  KeyManagerFactory keyManagers() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", key, STORE_PASSWORD, chain.toArray(Certificate[]::new));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, STORE_PASSWORD);
    return factory;
  }

  private static List<X509Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        chain.add((X509Certificate) certificate);
      }
    } catch (CertificateException e) {
      throw new GeneralSecurityException(
          "--cert " + file + " is not a PEM certificate file: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("--cert " + file + " holds no certificate");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file, String algorithm, Path certPem)
      throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher matcher = PKCS8.matcher(pem);
    if (!matcher.find()) {
      String convert = "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file;
      if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
        throw new GeneralSecurityException("--key " + file + " is encrypted" + convert);
      }
      if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")
          || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
        throw new GeneralSecurityException(
            "--key " + file + " is a PKCS#1/SEC1 key, not PKCS#8" + convert);
      }
      throw new GeneralSecurityException(
          "--key " + file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(matcher.group(1));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("--key " + file + ": the PEM block is not base64", e);
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new GeneralSecurityException(
          "--key "
              + file
              + " is not a "
              + algorithm
              + " private key like the certificate in --cert "
              + certPem,
          e);
    }
  }

  /** Whether {@code key} belongs to {@code publicKey}: a trial signature works for every type. */
  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    try {
      String algorithm =
          switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448: the key names the signature
          };
      byte[] data = "aviary-loadgen key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(data);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
