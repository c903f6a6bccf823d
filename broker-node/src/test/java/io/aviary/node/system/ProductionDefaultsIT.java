package io.aviary.node.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.aviary.pki.DevCertificateAuthority;
import io.aviary.pki.DevPki;
import io.aviary.pki.SslContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outside dev mode the broker keeps the security promises by itself: no TLS listener without a real
 * certificate, no plain MQTT listener unless asked for, no broker without an audit stream, and
 * every client refused until an identity source exists (deny by default).
 */
class ProductionDefaultsIT {
  /** A port nothing listens on. */
  private static final String UNREACHABLE_KAFKA = "127.0.0.1:9";

  @Test
  void refusesToStartWithoutACertificate() throws Exception {
    try (BrokerProcess broker =
        BrokerProcess.start(
            Map.of(
                "AVIARY_DATA_DIR",
                Files.createTempDirectory("aviary-prod-it").toString(),
                "AVIARY_KAFKA_BOOTSTRAP_SERVERS",
                UNREACHABLE_KAFKA))) {
      assertThat(broker.awaitExit()).as("exit value").isNotZero();
      assertThat(broker.output())
          .contains("aviary.mqtts.tls.cert")
          .contains("outside dev mode a TLS listener needs a real certificate");
    }
  }

  @Test
  void refusesToStartWithoutKafkaForTheAuditStream() throws Exception {
    Map<String, String> env =
        new HashMap<>(certificateEnv(Files.createTempDirectory("aviary-prod-it")));
    env.remove("AVIARY_KAFKA_BOOTSTRAP_SERVERS");
    try (BrokerProcess broker = BrokerProcess.start(env)) {
      assertThat(broker.awaitExit()).as("exit value").isNotZero();
      assertThat(broker.output())
          .contains(
              "aviary.audit.kafka-bootstrap-servers (AVIARY_KAFKA_BOOTSTRAP_SERVERS) must be set");
    }
  }

  @Test
  void refusesAnAuditRecordSizeKafkaWouldNotTake() throws Exception {
    Map<String, String> env =
        new HashMap<>(certificateEnv(Files.createTempDirectory("aviary-prod-it")));
    env.put("AVIARY_AUDIT_RECORD_BYTES", "2000000");
    try (BrokerProcess broker = BrokerProcess.start(env)) {
      assertThat(broker.awaitExit()).as("exit value").isNotZero();
      assertThat(broker.output())
          .contains("aviary.audit.record-bytes must be between 0 and 524288 (was 2000000)");
    }
  }

  @Test
  void refusesTheTestOnlyAnonymousOrganizationOutsideDevMode() throws Exception {
    Path dir = Files.createTempDirectory("aviary-prod-it");
    Map<String, String> env = new HashMap<>(certificateEnv(dir));
    env.put("AVIARY_TENANCY_ANONYMOUS_ORG", "org_testtesttest");
    try (BrokerProcess broker = BrokerProcess.start(env)) {
      assertThat(broker.awaitExit()).as("exit value").isNotZero();
      assertThat(broker.output())
          .contains("aviary.tenancy.anonymous-org is for tests and needs aviary.dev-mode=true");
    }
  }

  @Test
  void refusesTenantApiWithoutTheInternalToken() throws Exception {
    Path dir = Files.createTempDirectory("aviary-prod-it");
    Map<String, String> env = new HashMap<>(certificateEnv(dir));
    env.put("AVIARY_TENANT_API_URL", "http://127.0.0.1:9");
    try (BrokerProcess broker = BrokerProcess.start(env)) {
      assertThat(broker.awaitExit()).as("exit value").isNotZero();
      assertThat(broker.output()).contains("aviary.tenancy.internal-token (AVIARY_INTERNAL_TOKEN)");
    }
  }

  @Test
  void withACertificateClientsAreRefusedAndPlainMqttIsOff() throws Exception {
    Path dir = Files.createTempDirectory("aviary-prod-it");
    DevPki pki = DevCertificateAuthority.ensure(dir.resolve("certs"), List.of());
    try (BrokerProcess broker = BrokerProcess.start(certificateEnv(dir)).awaitStarted()) {
      assertThat(broker.isListening("mqtt")).as("plain MQTT listener").isFalse();
      assertThat(broker.output()).doesNotContain("development mode");
      var client =
          MqttClient.builder()
              .useMqttVersion5()
              .identifier("prod-defaults")
              .serverHost("localhost")
              .serverPort(broker.port("mqtts"))
              .sslConfig(
                  MqttClientSslConfig.builder()
                      .trustManagerFactory(SslContexts.trustManagerFactory(pki.caCertificate()))
                      .build())
              .buildBlocking();
      assertThatThrownBy(client::connect)
          .isInstanceOfSatisfying(
              Mqtt5ConnAckException.class,
              e ->
                  assertThat(e.getMqttMessage().getReasonCode())
                      .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }
  }

  /** A data directory and a real (self-issued) server certificate for both TLS listeners. */
  private static Map<String, String> certificateEnv(Path dir) throws Exception {
    DevPki pki = DevCertificateAuthority.ensure(dir.resolve("certs"), List.of());
    String cert = pki.serverCertificateChain().toString();
    String key = pki.serverPrivateKey().toString();
    return Map.of(
        "AVIARY_DATA_DIR", dir.toString(),
        "AVIARY_MQTTS_TLS_CERT", cert,
        "AVIARY_MQTTS_TLS_KEY", key,
        "AVIARY_WSS_TLS_CERT", cert,
        "AVIARY_WSS_TLS_KEY", key,
        // Kafka need not be up for the broker to serve: audit events wait in its buffer.
        "AVIARY_KAFKA_BOOTSTRAP_SERVERS", UNREACHABLE_KAFKA);
  }
}
