package io.aviary.node.it.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.aviary.broker.tenant.OrgId;
import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.aviary.pki.CertificateAuthority;
import io.aviary.pki.IssuedCertificate;
import io.aviary.pki.SslContexts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * mTLS per organization: a client certificate is checked against the CA of the organization the
 * client names, never another's, and revoking it ends the live session and refuses the next one.
 */
@QuarkusTest
@TestProfile(TenancyProfile.class)
class ClientCertificateIT {
  private static final String FAILURES = "aviary_auth_failures_total";

  @Inject Listeners listeners;

  @Test
  void aCertificateFromTheOrganizationsCaConnects() throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate("Acme devices", Duration.ofDays(1));
    OrgId org = TestOrgs.newOrgId();
    TestOrgs.writeWithCa(org, ca.certificatePem(), List.of());
    Mqtt5BlockingClient client =
        client("device-1@" + org, ca.issueClient("device-1", Duration.ofHours(1)));
    client.connect();
    Sessions.assertRoundTrip(client, "mtls/echo");
    client.disconnect();
  }

  @Test
  void aCertificateFromAnotherOrganizationsCaIsRefused() throws Exception {
    CertificateAuthority mine = CertificateAuthority.generate("Mine", Duration.ofDays(1));
    CertificateAuthority theirs = CertificateAuthority.generate("Theirs", Duration.ofDays(1));
    OrgId org = TestOrgs.newOrgId();
    TestOrgs.writeWithCa(org, mine.certificatePem(), List.of());
    OrgId other = TestOrgs.newOrgId();
    TestOrgs.writeWithCa(other, theirs.certificatePem(), List.of());
    double before = TestBroker.metric(FAILURES, "reason=\"bad_signature\"");
    Mqtt5BlockingClient client =
        client("intruder@" + org, theirs.issueClient("intruder", Duration.ofHours(1)));
    Sessions.assertRefusedWith(client, Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(TestBroker.metric(FAILURES, "reason=\"bad_signature\"")).isEqualTo(before + 1);
  }

  @Test
  void revokingTheCertificateEndsTheSessionAndRefusesItAfterwards() throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate("Fleet", Duration.ofDays(1));
    OrgId org = TestOrgs.newOrgId();
    TestOrgs.writeWithCa(org, ca.certificatePem(), List.of());
    IssuedCertificate certificate = ca.issueClient("device-9", Duration.ofHours(1));
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient client =
        builder("device-9@" + org, certificate)
            .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
            .buildBlocking();
    client.connect();

    String serial = certificate.chain().get(0).getSerialNumber().toString(16);
    TestOrgs.writeWithCa(org, ca.certificatePem(), List.of(serial));

    Sessions.assertDisconnectedWith(disconnected, Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
    Mqtt5BlockingClient again = client("device-9@" + org, certificate);
    Sessions.assertRefusedWith(again, Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
  }

  private Mqtt5BlockingClient client(String username, IssuedCertificate certificate)
      throws Exception {
    return builder(username, certificate).buildBlocking();
  }

  private com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder builder(
      String username, IssuedCertificate certificate) throws Exception {
    Path dir = Files.createTempDirectory("aviary-mtls");
    Path chain = dir.resolve("client.pem");
    Path key = dir.resolve("client-key.pem");
    certificate.writeTo(chain, key);
    TestBroker broker = new TestBroker(listeners);
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(TestBroker.clientId("mtls"))
        .serverHost("localhost")
        .serverPort(broker.mqttsPort())
        .sslConfig(
            MqttClientSslConfig.builder()
                .trustManagerFactory(SslContexts.trustManagerFactory(broker.caFile()))
                .keyManagerFactory(SslContexts.keyManagerFactory(chain, key))
                .build())
        .simpleAuth()
        .username(username)
        .applySimpleAuth();
  }
}
