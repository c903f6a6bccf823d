package io.aviary.kafka;

import io.aviary.audit.event.KafkaClientSecurity;
import io.aviary.pki.CertificateAuthority;
import io.aviary.pki.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * The secured listener of an {@link EmbeddedKafka}: SASL with one user (PLAIN, SCRAM-SHA-256 or
 * SCRAM-SHA-512), TLS with a certificate for 127.0.0.1 and localhost from a CA generated for it, or
 * both. The CA certificate clients trust is written to {@code caFile}.
 */
final class SecuredListener {
  /** The listener's name in the broker's configuration. */
  static final String NAME = "SECURE";

  private static final String PREFIX = "listener.name.secure.";
  private static final String HOST = "127.0.0.1";

  final int port;
  final String protocol;
  private final String mechanism;
  private final String username;
  private final String password;
  private final IssuedCertificate certificate;
  private final Path caFile;

  /**
   * @param mechanism the SASL mechanism, or null for TLS alone
   * @param caFile where the CA certificate goes, or null for SASL without TLS
   */
  SecuredListener(int port, String mechanism, String username, String password, Path caFile) {
    this.port = port;
    this.mechanism = mechanism;
    this.username = username;
    this.password = password;
    this.caFile = caFile;
    this.protocol = mechanism == null ? "SSL" : caFile != null ? "SASL_SSL" : "SASL_PLAINTEXT";
    if (caFile != null) {
      CertificateAuthority ca =
          CertificateAuthority.generate("Aviary test Kafka CA", Duration.ofDays(2));
      this.certificate =
          ca.issueServer("localhost", List.of(HOST, "localhost"), Duration.ofDays(1));
      try {
        Files.writeString(caFile, ca.certificatePem());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + caFile, e);
      }
    } else {
      this.certificate = null;
    }
  }

  /** The listener's own settings: its SASL mechanism and users, its key and certificate. */
  void addListenerProperties(Properties props) {
    if (mechanism != null) {
      props.put(PREFIX + "sasl.enabled.mechanisms", mechanism);
      // The broker's JAAS configuration: PLAIN lists its users; SCRAM users live in the metadata.
      String jaas =
          mechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
                  + username
                  + "=\""
                  + password.replace("\\", "\\\\").replace("\"", "\\\"")
                  + "\";"
              : "org.apache.kafka.common.security.scram.ScramLoginModule required;";
      props.put(PREFIX + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", jaas);
    }
    if (certificate != null) {
      props.put(PREFIX + "ssl.keystore.type", "PEM");
      props.put(PREFIX + "ssl.keystore.certificate.chain", certificate.chainPem());
      props.put(PREFIX + "ssl.keystore.key", certificate.privateKeyPem());
    }
  }

  /** Adds the SCRAM user through {@code admin} (on the PLAINTEXT listener); PLAIN needs nothing. */
  void addScramUser(Admin admin, Duration timeout) {
    if (mechanism == null || !mechanism.startsWith("SCRAM-")) {
      return;
    }
    ScramMechanism scram = ScramMechanism.fromMechanismName(mechanism);
    try {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      username, new ScramCredentialInfo(scram, 4096), password)))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot add the SCRAM user " + username, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while adding the SCRAM user", e);
    }
  }

  /** What a client with the right credentials is given, in {@link KafkaClientSecurity}'s form. */
  Map<String, String> clientProperties() {
    Map<String, String> client = new HashMap<>();
    client.put("security.protocol", protocol);
    if (mechanism != null) {
      client.put("sasl.mechanism", mechanism);
      client.put(KafkaClientSecurity.USERNAME, username);
      client.put(KafkaClientSecurity.PASSWORD, password);
    }
    if (caFile != null) {
      client.put("ssl.truststore.type", "PEM");
      client.put("ssl.truststore.location", caFile.toString());
    }
    return Map.copyOf(client);
  }
}
