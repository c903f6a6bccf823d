package io.aviary.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How every Kafka client of the platform connects: the same settings in the broker and in each
 * service that talks to Kafka, credentials and keys from Secrets, the CA mounted read-only.
 */
class KafkaTest {

  /** The workloads with a Kafka client; the console has none. */
  private static final List<String> CLIENTS =
      List.of("broker", "tenant-api", "acl-service", "audit-pipeline");

  static List<String> valueSets() {
    return Chart.valueSets();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void everyKafkaClientGetsTheSameSettingsAndTheConsoleNone(String set) {
    Manifests m = Chart.render(set);
    Map<String, Node> broker = m.env("broker");
    List<String> kafkaKeys =
        broker.keySet().stream().filter(k -> k.startsWith("KAFKA_")).sorted().toList();
    assertThat(kafkaKeys).contains("KAFKA_SECURITY_PROTOCOL");
    for (String component : CLIENTS) {
      Map<String, Node> env = m.env(component);
      assertThat(env.keySet().stream().filter(k -> k.startsWith("KAFKA_")).sorted().toList())
          .as(component)
          .isEqualTo(kafkaKeys);
      for (String key : kafkaKeys) {
        assertThat(env.get(key).value())
            .as(component + " " + key)
            .isEqualTo(broker.get(key).value());
      }
      assertThat(env.get("AVIARY_KAFKA_BOOTSTRAP_SERVERS").str("value"))
          .as(component)
          .isEqualTo(broker.get("AVIARY_KAFKA_BOOTSTRAP_SERVERS").str("value"));
    }
    assertThat(m.env("console").keySet()).noneMatch(k -> k.contains("KAFKA"));
  }

  @Test
  void plaintextByDefaultWithNothingElse() {
    Manifests m = Chart.render("default");
    for (String component : CLIENTS) {
      Map<String, Node> env = m.env(component);
      assertThat(env.get("KAFKA_SECURITY_PROTOCOL").str("value")).isEqualTo("PLAINTEXT");
      assertThat(env.keySet())
          .filteredOn(k -> k.startsWith("KAFKA_SASL") || k.startsWith("KAFKA_SSL"))
          .isEmpty();
      assertThat(m.pod(component).byName("volumes")).doesNotContainKey("kafka-ca");
    }
  }

  @Test
  void saslCredentialsComeFromTheNamedSecretOnly() {
    Manifests m = Chart.render("production");
    for (String component : CLIENTS) {
      Map<String, Node> env = m.env(component);
      assertThat(env.get("KAFKA_SECURITY_PROTOCOL").str("value")).isEqualTo("SASL_SSL");
      assertThat(env.get("KAFKA_SASL_MECHANISM").str("value")).isEqualTo("SCRAM-SHA-512");
      assertSecretRef(env.get("KAFKA_SASL_USERNAME"), "aviary-kafka-scram", "user");
      assertSecretRef(env.get("KAFKA_SASL_PASSWORD"), "aviary-kafka-scram", "pass");
      assertThat(env).doesNotContainKey("KAFKA_SASL_JAAS_CONFIG");
      // Amazon's CA is a public one: no trust store of our own.
      assertThat(env).doesNotContainKeys("KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_KEYSTORE_KEY");
      assertThat(m.pod(component).byName("volumes")).doesNotContainKey("kafka-ca");
    }
  }

  @Test
  void tlsTrustsTheMountedCaAndPresentsTheClientCertificateFromItsSecret() {
    Manifests m = Chart.render("gateway");
    for (String component : CLIENTS) {
      Node pod = m.pod(component);
      Map<String, Node> env = m.env(component);
      assertThat(env.get("KAFKA_SECURITY_PROTOCOL").str("value")).isEqualTo("SSL");
      assertThat(env.keySet()).filteredOn(k -> k.startsWith("KAFKA_SASL")).isEmpty();
      assertThat(env.get("KAFKA_SSL_TRUSTSTORE_TYPE").str("value")).isEqualTo("PEM");
      assertThat(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").str("value"))
          .isEqualTo("/etc/aviary/kafka-ca/ca.crt");
      assertThat(env.get("KAFKA_SSL_KEYSTORE_TYPE").str("value")).isEqualTo("PEM");
      assertSecretRef(
          env.get("KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN"), "aviary-kafka-user", "tls.crt");
      assertSecretRef(env.get("KAFKA_SSL_KEYSTORE_KEY"), "aviary-kafka-user", "tls.key");

      Node volume = pod.byName("volumes").get("kafka-ca");
      assertThat(volume).as(component).isNotNull();
      assertThat(volume.str("secret.secretName")).isEqualTo("events-cluster-ca-cert");
      assertThat(volume.list("secret.items"))
          .singleElement()
          .satisfies(
              item -> {
                assertThat(item.str("key")).isEqualTo("ca.crt");
                assertThat(item.str("path")).isEqualTo("ca.crt");
              });
      Node mount = pod.list("containers").getFirst().byName("volumeMounts").get("kafka-ca");
      assertThat(mount.str("mountPath")).isEqualTo("/etc/aviary/kafka-ca");
      assertThat(mount.str("readOnly")).isEqualTo("true");
    }
    assertThat(m.pod("console").byName("volumes")).doesNotContainKey("kafka-ca");
  }

  @Test
  void aChangeOfKafkaSettingsIsANewBrokerRevision() {
    String plain =
        Chart.render("default")
            .get("StatefulSet", "aviary-broker")
            .strings("spec.template.metadata.labels")
            .get("aviary.io/broker-revision");
    String secured =
        Chart.render("default", Chart.dir().resolve("ci/production-values.yaml"))
            .get("StatefulSet", "aviary-broker")
            .strings("spec.template.metadata.labels")
            .get("aviary.io/broker-revision");
    assertThat(secured).isNotEqualTo(plain);
  }

  private static void assertSecretRef(Node env, String secret, String key) {
    assertThat(env).isNotNull();
    assertThat(env.at("value").exists()).as(env.str("name") + " has an inline value").isFalse();
    assertThat(env.str("valueFrom.secretKeyRef.name")).isEqualTo(secret);
    assertThat(env.str("valueFrom.secretKeyRef.key")).isEqualTo(key);
  }
}
