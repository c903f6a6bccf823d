package io.aviary.node.it.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.nimbusds.jose.JOSEObjectType;
import io.aviary.broker.tenant.OrgId;
import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "Your JWT is your MQTT identity" at the wire: tokens from a real OIDC provider (discovery and
 * JWKS over HTTP), refusals with their CONNACK codes and metrics, disconnect at expiry, MQTT 5
 * re-authentication, and a removed identity provider ending its live sessions.
 */
@QuarkusTest
@TestProfile(TenancyProfile.class)
class JwtAuthIT {
  private static final String FAILURES = "aviary_auth_failures_total";
  private static MockOAuth2Server oidc;
  private static OrgId oidcOrg;
  private static String issuer;

  @Inject Listeners listeners;

  @BeforeAll
  static void startProvider() throws Exception {
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getLoopbackAddress(), 0);
    issuer = oidc.issuerUrl("acme").toString();
    oidcOrg = TestOrgs.newOrgId();
    TestOrgs.write(
        oidcOrg,
        new JsonObject()
            .put("id", "idp_acmeacmeacme")
            .put("preset", "generic_oidc")
            .put("issuers", new JsonArray().add(issuer))
            .put("audiences", new JsonArray().add("aviary"))
            .put("algorithms", new JsonArray().add("RS256"))
            .put("discovery_url", issuer + "/.well-known/openid-configuration")
            .put(
                "claim_mappings",
                new JsonObject().put("user_id", "sub").put("email", "email").put("role", "roles"))
            .put("accepted_types", new JsonArray().add("JWT").add(""))
            .put("clock_skew_seconds", 0)
            .put("enabled", true));
  }

  @AfterAll
  static void stopProvider() {
    oidc.shutdown();
  }

  private static String oidcToken(String subject, List<String> audience, long lifetimeSeconds) {
    return oidc.issueToken(
            "acme",
            "device-client",
            new DefaultOAuth2TokenCallback(
                "acme",
                subject,
                JOSEObjectType.JWT.getType(),
                audience,
                Map.of("email", subject + "@example.com", "roles", List.of("sensor")),
                lifetimeSeconds))
        .serialize();
  }

  @Test
  void aTokenFromTheOrganizationsOidcProviderConnectsAndMessagesFlow() throws Exception {
    String username = "sensor@" + oidcOrg;
    Mqtt5BlockingClient subscriber =
        client("oidc-sub", username, oidcToken("alice", List.of("aviary"), 600));
    subscriber.connect();
    Mqtt5BlockingClient publisher =
        client("oidc-pub", username, oidcToken("bob", List.of("aviary"), 600));
    publisher.connect();
    try (Mqtt5BlockingClient.Mqtt5Publishes publishes =
        subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
      subscriber.subscribeWith().topicFilter("sensors/#").qos(MqttQos.AT_LEAST_ONCE).send();
      publisher
          .publishWith()
          .topic("sensors/1")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("21.5".getBytes(StandardCharsets.UTF_8))
          .send();
      assertThat(publishes.receive(10, TimeUnit.SECONDS))
          .hasValueSatisfying(p -> assertThat(p.getTopic().toString()).isEqualTo("sensors/1"));
    } finally {
      subscriber.disconnect();
      publisher.disconnect();
    }
  }

  /** A credential the broker must refuse, and the reason it reports. */
  record Refusal(String name, String reason, Supplier<String> username, Supplier<String> password) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Refusal> refusals() {
    Supplier<String> user = () -> "device@" + oidcOrg;
    return List.of(
        new Refusal("expired", "expired", user, () -> oidcToken("eve", List.of("aviary"), -120)),
        new Refusal(
            "wrong audience",
            "wrong_audience",
            user,
            () -> oidcToken("eve", List.of("someone-else"), 600)),
        new Refusal("garbage", "malformed", user, () -> "not-a-jwt"),
        new Refusal(
            "alg none",
            "bad_signature",
            user,
            () -> {
              String signed = oidcToken("eve", List.of("aviary"), 600);
              String payload = signed.split("\\.")[1];
              String header =
                  Base64.getUrlEncoder()
                      .withoutPadding()
                      .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
              return header + "." + payload + ".";
            }),
        new Refusal(
            "another organization's token",
            "unknown_issuer",
            user,
            () -> TestOrgs.hs256().token("eve")),
        new Refusal(
            "unknown organization",
            "unknown_org",
            () -> "device@" + TestOrgs.newOrgId(),
            () -> oidcToken("eve", List.of("aviary"), 600)),
        new Refusal(
            "no organization in the username",
            "unknown_org",
            () -> "device",
            () -> oidcToken("eve", List.of("aviary"), 600)));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void badCredentialsAreRefusedWithTheirReasonAndNobodyElseIsAffected(Refusal refusal)
      throws Exception {
    Mqtt5BlockingClient bystander =
        client("bystander", "ok@" + oidcOrg, oidcToken("carol", List.of("aviary"), 600));
    bystander.connect();
    String tag = "reason=\"" + refusal.reason() + "\"";
    double before = TestBroker.metric(FAILURES, tag);
    Mqtt5BlockingClient intruder =
        client("intruder", refusal.username().get(), refusal.password().get());
    Sessions.assertRefusedWith(intruder, Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(TestBroker.metric(FAILURES, tag)).isEqualTo(before + 1);
    Sessions.assertRoundTrip(bystander, "still/here");
    bystander.disconnect();
  }

  @Test
  void aConnectionWithoutAnyCredentialIsRefused() {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("no-credential")
            .serverHost("127.0.0.1")
            .serverPort(port())
            .simpleAuth()
            .username(org.username("nobody"))
            .applySimpleAuth()
            .buildBlocking();
    assertThatThrownBy(client::connect).isInstanceOf(Mqtt5ConnAckException.class);
  }

  @Test
  void theSessionEndsWhenItsTokenExpires() {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("short-lived")
            .serverHost("127.0.0.1")
            .serverPort(port())
            .simpleAuth()
            .username(org.username("short"))
            .password(
                org.token("short", Duration.ofSeconds(2), Map.of())
                    .getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
            .buildBlocking();
    client.connect();
    Sessions.assertDisconnectedWith(disconnected, Mqtt5DisconnectReasonCode.MAXIMUM_CONNECT_TIME);
  }

  @Test
  void reAuthenticationWithAFreshTokenKeepsTheSessionPastTheFirstExpiry() throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    Instant firstExpiry = Instant.now().plusSeconds(3);
    JwtMechanism auth = new JwtMechanism(org.token("renewing", Duration.ofSeconds(3), Map.of()));
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient client = connectWithJwtMethod(org, "renewing", auth, disconnected);
    auth.next.set(org.token("renewing", Duration.ofHours(1), Map.of()));
    client.toAsync().reauth().get(10, TimeUnit.SECONDS);
    assertThat(auth.reAuthSucceeded).isCompleted();
    // The session must outlive the first token: wait past its expiry, then use the session.
    await()
        .pollDelay(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(20))
        .until(() -> Instant.now().isAfter(firstExpiry.plusSeconds(2)));
    assertThat(disconnected).isNotDone();
    Sessions.assertRoundTrip(client, "renewed");
    client.disconnect();
  }

  @Test
  void reAuthenticationAsSomeoneElseEndsTheSession() throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    JwtMechanism auth = new JwtMechanism(org.token("mallory"));
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient client = connectWithJwtMethod(org, "switcher", auth, disconnected);
    auth.next.set(org.token("alice"));
    client.toAsync().reauth();
    Sessions.assertDisconnectedWith(disconnected, Mqtt5DisconnectReasonCode.NOT_AUTHORIZED);
  }

  @Test
  void removingTheIdentityProviderEndsItsLiveSessionsAndRefusesNewOnes() {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("doomed")
            .serverHost("127.0.0.1")
            .serverPort(port())
            .simpleAuth()
            .username(org.username("doomed"))
            .password(org.token("doomed").getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
            .buildBlocking();
    client.connect();

    TestOrgs.write(org.org());

    Sessions.assertDisconnectedWith(disconnected, Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
    Mqtt5BlockingClient again = client("again", org.username("again"), org.token("again"));
    assertThatThrownBy(again::connect).isInstanceOf(Mqtt5ConnAckException.class);
  }

  /** Connects with the MQTT 5 Authentication Method JWT (the token in Authentication Data). */
  private Mqtt5BlockingClient connectWithJwtMethod(
      TestOrgs.HsOrg org, String id, JwtMechanism auth, CompletableFuture<Throwable> disconnected) {
    Mqtt5BlockingClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(id)
            .serverHost("127.0.0.1")
            .serverPort(port())
            .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
            .buildBlocking();
    // The user name names the organization; vertx-mqtt alone would drop it (no password).
    client
        .connectWith()
        .simpleAuth()
        .username(org.username(id))
        .applySimpleAuth()
        .enhancedAuth(auth)
        .send();
    return client;
  }

  private int port() {
    return new TestBroker(listeners).mqttPort();
  }

  private Mqtt5BlockingClient client(String id, String username, String password) {
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(TestBroker.clientId(id))
        .serverHost("127.0.0.1")
        .serverPort(port())
        .simpleAuth()
        .username(username)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .buildBlocking();
  }

  /** MQTT 5 enhanced authentication with the method {@code JWT}: the token is the data. */
  static final class JwtMechanism implements Mqtt5EnhancedAuthMechanism {
    final AtomicReference<String> next = new AtomicReference<>();
    final CompletableFuture<Void> reAuthSucceeded = new CompletableFuture<>();
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final String first;

    JwtMechanism(String first) {
      this.first = first;
    }

    @Override
    public MqttUtf8String getMethod() {
      return MqttUtf8String.of("JWT");
    }

    @Override
    public int getTimeout() {
      return 10;
    }

    @Override
    public CompletableFuture<Void> onAuth(
        Mqtt5ClientConfig config, Mqtt5Connect connect, Mqtt5EnhancedAuthBuilder builder) {
      builder.data(first.getBytes(StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder builder) {
      builder.data(next.get().getBytes(StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> onServerReAuth(
        Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder builder) {
      return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletableFuture<Boolean> onContinue(
        Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder builder) {
      return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletableFuture<Boolean> onAuthSuccess(
        Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
      return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
      reAuthSucceeded.complete(null);
      return CompletableFuture.completedFuture(true);
    }

    @Override
    public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
      events.add("auth rejected " + connAck.getReasonCode());
    }

    @Override
    public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
      events.add("re-auth rejected " + disconnect.getReasonCode());
    }

    @Override
    public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
      events.add("auth error " + cause);
    }

    @Override
    public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
      events.add("re-auth error " + cause);
    }
  }
}
