package io.aviary.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Reads and writes X.509 certificate chains and PKCS#8 private keys as PEM files. */
public final class PemFiles {
  private static final Set<PosixFilePermission> CERTIFICATE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> PRIVATE_KEY_PERMISSIONS =
      PosixFilePermissions.fromString("rw-------");

  private PemFiles() {}

  /**
   * Reads every certificate in a PEM file, in file order (leaf first for a chain).
   *
   * @throws PemException if the file does not exist, is not PEM, or holds no certificate
   * @throws IOException if the file exists but cannot be read
   */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    return parseCertificates(read(file), file.toString());
  }

  /**
   * Reads the private key from a PEM file: PKCS#8 ({@code PRIVATE KEY}), or the traditional OpenSSL
   * {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY} forms.
   *
   * @throws PemException if the file does not exist, is not PEM, holds no key, or the key is
   *     encrypted
   * @throws IOException if the file exists but cannot be read
   */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    return parsePrivateKey(read(file), file.toString());
  }

  /**
   * Parses every certificate in PEM text; {@code source} names the text in error messages.
   *
   * @throws PemException if the text is not PEM or holds no certificate
   */
  public static List<X509Certificate> parseCertificates(String pem, String source)
      throws PemException {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (!(object instanceof X509CertificateHolder holder)) {
          throw new PemException(
              source + ": expected only CERTIFICATE blocks but found " + describe(object));
        }
        certificates.add(converter.getCertificate(holder));
      }
    } catch (PemException e) {
      throw e;
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new PemException(source + ": malformed PEM certificate: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new PemException(source + ": contains no PEM certificate (BEGIN CERTIFICATE block)");
    }
    return List.copyOf(certificates);
  }

  /**
   * Parses the single private key in PEM text; {@code source} names the text in error messages.
   *
   * @throws PemException if the text is not PEM, holds no key or more than one, or the key is
   *     encrypted
   */
  public static PrivateKey parsePrivateKey(String pem, String source) throws PemException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    PrivateKey key = null;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        PrivateKey found =
            switch (object) {
              case PrivateKeyInfo info -> converter.getPrivateKey(info);
              // SEC1 keys may omit the public key, which getKeyPair cannot cope with.
              case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
              case PKCS8EncryptedPrivateKeyInfo ignored ->
                  throw new PemException(
                      source + ": the private key is encrypted, which is not supported");
              case PEMEncryptedKeyPair ignored ->
                  throw new PemException(
                      source + ": the private key is encrypted, which is not supported");
              default -> null;
            };
        if (found == null) {
          continue;
        }
        if (key != null) {
          throw new PemException(source + ": contains more than one private key");
        }
        key = found;
      }
    } catch (PemException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new PemException(source + ": malformed PEM private key: " + e.getMessage(), e);
    }
    if (key == null) {
      throw new PemException(source + ": contains no PEM private key (BEGIN PRIVATE KEY block)");
    }
    return key;
  }

  /** Encodes certificates as consecutive PEM {@code CERTIFICATE} blocks. */
  public static String certificatesToPem(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(new PemObject("CERTIFICATE", certificate.getEncoded()));
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Encodes a private key as an unencrypted PKCS#8 PEM {@code PRIVATE KEY} block. */
  public static String privateKeyToPem(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException(
          "private key must be PKCS#8-encodable, not " + key.getFormat());
    }
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes certificates to a PEM file atomically, readable by everyone (0644 on POSIX). */
  public static void writeCertificates(Path file, List<X509Certificate> certificates)
      throws IOException {
    writeAtomically(file, certificatesToPem(certificates), CERTIFICATE_PERMISSIONS);
  }

  /** Writes a PKCS#8 PEM private key atomically, readable by the owner only (0600 on POSIX). */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    writeAtomically(file, privateKeyToPem(key), PRIVATE_KEY_PERMISSIONS);
  }

  private static String read(Path file) throws IOException {
    try {
      // ISO-8859-1 decodes any bytes, so a binary (DER) file reaches the parser and gets its
      // "contains no PEM ..." message instead of a charset error.
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new PemException(file + ": file does not exist", e);
    } catch (IOException e) {
      throw new IOException("Cannot read " + file + ": " + e, e);
    }
  }

  /**
   * Readers never see a half-written file, and a key file is never readable by others, not even for
   * a moment: the temporary file is created with its final permissions in the target directory and
   * then renamed over the target.
   */
  private static void writeAtomically(
      Path file, String content, Set<PosixFilePermission> permissions) throws IOException {
    Path target = file.toAbsolutePath();
    Path directory = target.getParent();
    Files.createDirectories(directory);
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path temp =
        posix
            ? Files.createTempFile(
                directory,
                "." + target.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PRIVATE_KEY_PERMISSIONS))
            : Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(StandardCharsets.US_ASCII.encode(content));
        channel.force(true);
      }
      if (posix) {
        Files.setPosixFilePermissions(temp, permissions);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("Cannot replace " + target + " atomically", e);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String describe(Object pemObject) {
    return switch (pemObject) {
      case PrivateKeyInfo ignored -> "a private key";
      case PEMKeyPair ignored -> "a private key";
      default -> pemObject.getClass().getSimpleName();
    };
  }
}
