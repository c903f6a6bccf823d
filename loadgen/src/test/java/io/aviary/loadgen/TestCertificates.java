package io.aviary.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA, a server certificate for 127.0.0.1 and a client certificate made with the JDK's
 * keytool, written as PEM files for Mosquitto and for {@code --cafile}, {@code --cert} and {@code
 * --key}.
 */
record TestCertificates(
    Path caPem, Path serverPem, Path serverKeyPem, Path clientPem, Path clientKeyPem) {

  private static final String PASSWORD = "changeit";

  static TestCertificates create(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path ca = dir.resolve("ca.p12");
    Path caPem = dir.resolve("ca.pem");
    genkeypair(ca, "ca", "CN=aviary-loadgen-test-ca", "-ext", "bc:c");
    keytool(
        "-exportcert",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        PASSWORD,
        "-rfc",
        "-file",
        caPem.toString());
    Path serverPem = dir.resolve("server.pem");
    Path serverKeyPem = dir.resolve("server-key.pem");
    issue(
        ca,
        dir,
        "server",
        "CN=localhost",
        serverPem,
        serverKeyPem,
        "san=ip:127.0.0.1,dns:localhost");
    Path clientPem = dir.resolve("client.pem");
    Path clientKeyPem = dir.resolve("client-key.pem");
    issue(ca, dir, "client", "CN=loadgen-client", clientPem, clientKeyPem, "eku=clientAuth");
    return new TestCertificates(caPem, serverPem, serverKeyPem, clientPem, clientKeyPem);
  }

  /** An EC P-256 key pair with a self-signed certificate, in a new PKCS#12 store. */
  private static void genkeypair(Path store, String alias, String dname, String... extra)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD));
    args.addAll(List.of(extra));
    keytool(args.toArray(String[]::new));
  }

  /**
   * A key pair whose certificate the CA in {@code ca} signs with the extension {@code ext}, written
   * as a PEM certificate and a PKCS#8 PEM key.
   */
  private static void issue(
      Path ca, Path dir, String alias, String dname, Path certPem, Path keyPem, String ext)
      throws IOException {
    Path store = dir.resolve(alias + ".p12");
    Path csr = dir.resolve(alias + ".csr");
    genkeypair(store, alias, dname);
    keytool(
        "-certreq",
        "-alias",
        alias,
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        csr.toString());
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        PASSWORD,
        "-infile",
        csr.toString(),
        "-outfile",
        certPem.toString(),
        "-rfc",
        "-validity",
        "2",
        "-ext",
        ext);
    Files.writeString(keyPem, privateKeyPem(store, alias), StandardCharsets.US_ASCII);
  }

  private static String privateKeyPem(Path keyStore, String alias) throws IOException {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      Key key = store.getKey(alias, PASSWORD.toCharArray());
      String base64 =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(key.getEncoded());
      return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the test " + alias + " key", e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
