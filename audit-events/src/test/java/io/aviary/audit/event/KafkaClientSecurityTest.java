package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClientSecurityTest {

  private static final String PASSWORD = "p\"a\\ss w0rd;}{=";
  private static final Map<String, String> SASL_PLAIN_OVER_PLAINTEXT =
      Map.of(
          "security.protocol", "SASL_PLAINTEXT",
          "sasl.mechanism", "PLAIN",
          "sasl.username", "u",
          "sasl.password", PASSWORD);

  @TempDir Path dir;

  @Test
  void withoutSettingsItIsPlaintextAndAddsNothing() {
    KafkaClientSecurity security =
        KafkaClientSecurity.from(Map.of("bootstrap.servers", "k:9092", "group.id", "g"));
    assertThat(security.protocol()).isEqualTo("PLAINTEXT");
    assertThat(security.properties()).containsOnlyKeys("security.protocol");
    assertThat(security.warnings()).isEmpty();
  }

  @Test
  void emptyValuesAreUnsetAsEmptyEnvironmentVariablesAre() {
    Map<String, Object> given = new HashMap<>();
    given.put("security.protocol", "");
    given.put("sasl.jaas.config", " ");
    given.put("ssl.truststore.location", "");
    assertThat(KafkaClientSecurity.from(given).protocol()).isEqualTo("PLAINTEXT");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
  void aUserNameAndPasswordBecomeAJaasConfigurationKafkaReadsBack(String mechanism) {
    KafkaClientSecurity security =
        KafkaClientSecurity.from(
            Map.of(
                "security.protocol",
                "sasl_ssl",
                "sasl.mechanism",
                mechanism,
                "sasl.username",
                "audit",
                "sasl.password",
                PASSWORD));
    assertThat(security.protocol()).isEqualTo("SASL_SSL");
    assertThat(security.properties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", mechanism)
        .doesNotContainKeys("sasl.username", "sasl.password");

    JaasContext jaas =
        JaasContext.loadClientContext(
            Map.of(
                "sasl.jaas.config", new Password(security.properties().get("sasl.jaas.config"))));
    List<AppConfigurationEntry> entries = jaas.configurationEntries();
    assertThat(entries).hasSize(1);
    AppConfigurationEntry entry = entries.get(0);
    assertThat(entry.getLoginModuleName())
        .isEqualTo(KafkaClientSecurity.PASSWORD_MECHANISMS.get(mechanism));
    assertThat(entry.getControlFlag())
        .isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
    Map<String, ?> options = entry.getOptions();
    assertThat(options.get("username")).isEqualTo("audit");
    assertThat(options.get("password")).isEqualTo(PASSWORD);
  }

  @Test
  void aJaasConfigurationOfItsOwnPassesThroughForOtherMechanisms() {
    String jaas = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";
    KafkaClientSecurity security =
        KafkaClientSecurity.from(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "OAUTHBEARER",
                "sasl.jaas.config", jaas,
                "sasl.oauthbearer.token.endpoint.url", "https://idp.example.com/token"));
    assertThat(security.properties())
        .containsEntry("sasl.jaas.config", jaas)
        .containsEntry("sasl.oauthbearer.token.endpoint.url", "https://idp.example.com/token");
  }

  @Test
  void aTrustStoreFileIsCheckedAndPassedOn() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    KafkaClientSecurity security =
        KafkaClientSecurity.from(
            Map.of(
                "security.protocol", "SSL",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", ca.toString(),
                "ssl.endpoint.identification.algorithm", "https"));
    assertThat(security.properties())
        .containsEntry("ssl.truststore.location", ca.toString())
        .containsEntry("ssl.truststore.type", "PEM");

    assertThatThrownBy(
            () ->
                KafkaClientSecurity.from(
                    Map.of(
                        "security.protocol",
                        "SSL",
                        "ssl.truststore.location",
                        dir.resolve("missing.pem").toString())))
        .hasMessage(
            "ssl.truststore.location: " + dir.resolve("missing.pem") + " is not a readable file");
  }

  @Test
  void contradictionsAreRefusedNamingKeysNeverSecrets() {
    assertRefused(Map.of("security.protocol", "TLS"), "security.protocol must be one of");
    assertRefused(
        Map.of("sasl.username", "u", "sasl.password", PASSWORD),
        "[sasl.password, sasl.username] need security.protocol SASL_SSL or SASL_PLAINTEXT (it is"
            + " PLAINTEXT)");
    assertRefused(
        Map.of("security.protocol", "SASL_PLAINTEXT", "ssl.truststore.type", "PEM"),
        "[ssl.truststore.type] need security.protocol SSL or SASL_SSL (it is SASL_PLAINTEXT)");
    assertRefused(
        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"),
        "SASL needs sasl.username and sasl.password");
    assertRefused(
        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.username", "u"),
        "sasl.username and sasl.password go together");
    assertRefused(
        Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "GSSAPI",
            "sasl.username", "u",
            "sasl.password", PASSWORD),
        "sasl.username and sasl.password need sasl.mechanism PLAIN, SCRAM-SHA-256 or"
            + " SCRAM-SHA-512 (it is GSSAPI)");
    assertRefused(
        Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.username", "u",
            "sasl.password", PASSWORD,
            "sasl.jaas.config", "x required;"),
        "set either sasl.username and sasl.password or sasl.jaas.config, not both");
    assertRefused(
        Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.username", "u",
            "sasl.password", "line\nbreak"),
        "sasl.password cannot contain a line break");
    assertRefused(
        Map.of("security.protocol", "SSL", "ssl.endpoint.identification.algorithm", "none"),
        "ssl.endpoint.identification.algorithm can only be https");
  }

  @Test
  void itsDescriptionShowsWhatIsSetButNoSecret() {
    KafkaClientSecurity security =
        KafkaClientSecurity.from(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.username", "audit",
                "sasl.password", PASSWORD,
                "ssl.keystore.type", "PEM",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----secret",
                "ssl.key.password", "key-secret"));
    assertThat(security.toString())
        .isEqualTo(
            "SASL_SSL, sasl.mechanism=SCRAM-SHA-512, sasl.password (set), sasl.username=audit,"
                + " ssl.key.password (set), ssl.keystore.key (set), ssl.keystore.type=PEM")
        .doesNotContain(PASSWORD)
        .doesNotContain("secret");
  }

  @Test
  void aServiceStartingWithContradictorySettingsIsToldTheyAreAmongItsKafkaSettings() {
    assertThatThrownBy(
            () -> KafkaClientSecurity.fromConfiguration(Map.of("security.protocol", "TLS")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Kafka client settings (kafka.*): security.protocol must be one of");
  }

  @Test
  void saslOverPlaintextIsAllowedWithAWarning() {
    KafkaClientSecurity security = KafkaClientSecurity.from(SASL_PLAIN_OVER_PLAINTEXT);
    assertThat(security.warnings())
        .singleElement()
        .asString()
        .contains("SASL_PLAINTEXT")
        .contains("SASL password")
        .doesNotContain(PASSWORD);
  }

  @Test
  void applyingItReplacesEverySecuritySettingOfAClient() {
    KafkaClientSecurity security = KafkaClientSecurity.from(SASL_PLAIN_OVER_PLAINTEXT);
    Map<String, Object> client = new HashMap<>();
    client.put("bootstrap.servers", "k:9092");
    client.put("sasl.username", "u");
    client.put("sasl.password", PASSWORD);
    client.put("ssl.truststore.location", "/elsewhere");
    security.applyTo(client);
    assertThat(client)
        .containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsKey("sasl.jaas.config")
        .doesNotContainKeys("sasl.username", "sasl.password", "ssl.truststore.location");
  }

  private static void assertRefused(Map<String, String> given, String message) {
    assertThatThrownBy(() -> KafkaClientSecurity.from(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message)
        .hasMessageNotContaining(PASSWORD);
  }
}
