package io.aviary.node.it;

import io.aviary.node.listener.Listeners;
import io.aviary.pki.CertificateAuthority;
import io.aviary.pki.DevPki;
import io.aviary.pki.IssuedCertificate;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What broker tests need to reach the in-process broker started by {@code @QuarkusTest}: the
 * listener ports (all bound to 127.0.0.1 on free ports), the development CA, client certificates
 * issued by it, and metric values.
 */
public final class TestBroker {
  private final Listeners listeners;

  public TestBroker(Listeners listeners) {
    this.listeners = listeners;
  }

  public int mqttPort() {
    return listeners.port("mqtt");
  }

  public int mqttsPort() {
    return listeners.port("mqtts");
  }

  public int wsPort() {
    return listeners.port("ws");
  }

  public int wssPort() {
    return listeners.port("wss");
  }

  public DevPki pki() {
    return listeners.devPki();
  }

  /** The development CA certificate (PEM) that signs the server certificate. */
  public Path caFile() {
    return pki().caCertificate();
  }

  /** A client certificate and key signed by the dev CA, written to a temp directory. */
  public ClientCertificate clientCertificate(String commonName) {
    try {
      CertificateAuthority ca =
          CertificateAuthority.load(pki().caCertificate(), pki().caPrivateKey());
      IssuedCertificate issued = ca.issueClient(commonName, Duration.ofHours(1));
      Path dir = Files.createTempDirectory("aviary-client-cert");
      Path cert = dir.resolve("client.pem");
      Path key = dir.resolve("client-key.pem");
      issued.writeTo(cert, key);
      return new ClientCertificate(cert, key, issued);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A certificate and key for mTLS clients. */
  public record ClientCertificate(Path certificate, Path privateKey, IssuedCertificate issued) {}

  /** A client id unique to this test run, so tests never share sessions. */
  public static String clientId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A topic prefix unique to this call, so tests never see each other's messages. */
  public static String topicPrefix(String name) {
    return "it/" + name + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The sum of a Prometheus metric's samples matching {@code name} and optional labels. */
  public static double metric(String name, String labelFragment) {
    String body = RestAssured.get("/q/metrics").asString();
    Pattern p =
        Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = p.matcher(body);
    double sum = 0;
    while (m.find()) {
      String labels = m.group(1) == null ? "" : m.group(1);
      if (labelFragment == null || labels.contains(labelFragment)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }
}
