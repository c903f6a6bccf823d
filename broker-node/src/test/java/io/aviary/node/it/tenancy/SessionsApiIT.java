package io.aviary.node.it.tenancy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.aviary.audit.event.AuditRecord.ClientDisconnected;
import io.aviary.broker.tenant.OrgId;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.InjectKafka;
import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.aviary.pki.SslContexts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sessions API with real MQTT clients (HiveMQ for MQTT 5, Paho for 3.1.1) over several
 * transports, and real platform tokens checked against a JWK Set served over HTTP: what a listing
 * shows, who may see and end a session, what the client and the audit stream see when an
 * administrator disconnects it.
 */
@QuarkusTest
@TestProfile(AuditProfile.class)
class SessionsApiIT {
  private static final String ADMIN_EMAIL = "ana@example.com";

  @Inject Listeners listeners;
  @InjectKafka EmbeddedKafka kafka;

  private final List<Mqtt5BlockingClient> clients = new ArrayList<>();
  private final List<MqttAsyncClient> pahoClients = new ArrayList<>();

  @AfterEach
  void disconnect() throws Exception {
    for (Mqtt5BlockingClient c : clients) {
      if (c.getState().isConnected()) {
        c.disconnect();
      }
    }
    for (MqttAsyncClient c : pahoClients) {
      if (c.isConnected()) {
        c.disconnectForcibly(0, 1000, false);
      }
      c.close();
    }
  }

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  private static String sessions(OrgId org) {
    return "/api/v1/orgs/" + org + "/sessions";
  }

  private static String admin(OrgId org) {
    return PlatformIssuer.accessToken(org, "admin", ADMIN_EMAIL);
  }

  @Test
  void aListingShowsMqtt5OverTlsAndMqtt311OverWebSocketWithTheirFieldsAndNoMountpoint()
      throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    Instant before = Instant.now().minusSeconds(1);
    String alice = TestBroker.clientId("alice-laptop");
    Mqtt5BlockingClient v5 =
        v5Builder(org, alice, "alice")
            .serverPort(broker().mqttsPort())
            .sslConfig(
                MqttClientSslConfig.builder()
                    .trustManagerFactory(SslContexts.trustManagerFactory(broker().caFile()))
                    .build())
            .buildBlocking();
    clients.add(v5);
    v5.connectWith().cleanStart(true).sessionExpiryInterval(120).keepAlive(30).send();
    v5.subscribeWith()
        .topicFilter("sensors/+/temp")
        .qos(MqttQos.AT_LEAST_ONCE)
        .noLocal(true)
        .send();
    v5.subscribeWith().topicFilter("$share/workers/jobs/#").qos(MqttQos.EXACTLY_ONCE).send();

    String bob = TestBroker.clientId("bob-sensor");
    MqttAsyncClient v3 =
        new MqttAsyncClient(
            "ws://127.0.0.1:" + broker().wsPort() + "/mqtt", bob, new MemoryPersistence());
    pahoClients.add(v3);
    MqttConnectOptions options = options(org, "bob");
    options.setCleanSession(false);
    v3.connect(options).waitForCompletion(10_000);
    v3.subscribe("#", 0).waitForCompletion(10_000);

    Response response = as(admin(org.org())).get(sessions(org.org()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    // The organization's namespace never shows: not in filters, not anywhere.
    assertThat(response.asString()).doesNotContain(org.org().mountpoint());
    JsonPath json = response.jsonPath();
    assertThat(json.getList("sessions.client_id")).containsExactlyInAnyOrder(alice, bob);
    assertThat(json.getString("next_after")).isNull();

    Map<String, Object> a = session(json, alice);
    assertThat(a)
        .containsEntry("connected", true)
        .containsEntry("node_id", "node-audit-it")
        .containsEntry("username", org.username("alice"))
        .containsEntry("principal", "alice")
        .containsEntry("credential", "jwt")
        .containsEntry("idp_id", org.idpId())
        .containsEntry("listener", "mqtts")
        .containsEntry("transport", "tls")
        .containsEntry("mqtt_version", "5.0")
        .containsEntry("origin_ip", "127.0.0.1")
        .containsEntry("clean_start", true)
        .containsEntry("session_expiry_interval", 120)
        .containsEntry("keep_alive", 30)
        .containsEntry("subscription_count", 2)
        .containsEntry("disconnected_at", null);
    assertThat((String) a.get("tls_version")).startsWith("TLSv1.");
    assertThat((String) a.get("tls_cipher")).startsWith("TLS_");
    assertThat((Integer) a.get("origin_port")).isPositive();
    assertThat(Instant.parse((String) a.get("connected_at"))).isAfter(before);
    assertThat(a.get("credential_expires_at")).isNotNull();
    assertThat(a.get("bindings"))
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("user_id", List.of("alice"))
        .containsEntry("client_id", List.of(alice));
    assertThat(a).doesNotContainKey("subscriptions"); // only a single session lists them

    Map<String, Object> b = session(json, bob);
    assertThat(b)
        .containsEntry("connected", true)
        .containsEntry("mqtt_version", "3.1.1")
        .containsEntry("listener", "ws")
        .containsEntry("transport", "ws")
        .containsEntry("tls_version", null)
        .containsEntry("tls_cipher", null)
        .containsEntry("clean_start", false)
        .containsEntry("subscription_count", 1);
    assertThat((Integer) b.get("session_expiry_interval")).isPositive();

    // One session with its subscriptions, filters as the client wrote them.
    JsonPath one =
        as(admin(org.org()))
            .get(sessions(org.org()) + "/" + alice)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(one.getString("client_id")).isEqualTo(alice);
    List<Map<String, Object>> subscriptions = new ArrayList<>();
    for (Map<String, Object> sub : one.<Map<String, Object>>getList("subscriptions")) {
      // The HiveMQ client gives every subscription an identifier of its own.
      assertThat((Integer) sub.get("subscription_identifier")).isPositive();
      Map<String, Object> withoutId = new HashMap<>(sub);
      withoutId.remove("subscription_identifier");
      subscriptions.add(withoutId);
    }
    assertThat(subscriptions)
        .containsExactlyInAnyOrder(
            subscription("sensors/+/temp", null, 1, true),
            subscription("jobs/#", "workers", 2, false));

    // Paging: one at a time, in client-id order.
    String first = alice.compareTo(bob) < 0 ? alice : bob;
    as(admin(org.org()))
        .queryParam("limit", 1)
        .get(sessions(org.org()))
        .then()
        .statusCode(200)
        .body("sessions.client_id", equalTo(List.of(first)))
        .body("next_after", equalTo(first));
    as(admin(org.org()))
        .queryParam("limit", 0)
        .get(sessions(org.org()))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].pointer", equalTo("/query/limit"));
  }

  @Test
  void onlyTheOrganizationsOwnValidAccessTokensAreAcceptedAndOnlyAdminsDisconnect()
      throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    TestOrgs.HsOrg other = TestOrgs.hs256();
    String carol = TestBroker.clientId("carol-agent");
    Mqtt5BlockingClient client = v5Builder(org, carol, "carol").buildBlocking();
    clients.add(client);
    client.connect();
    String path = sessions(org.org()) + "/" + carol;

    given()
        .get(sessions(org.org()))
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("title", equalTo("Authentication is required"));
    as("not-a-token").get(sessions(org.org())).then().statusCode(401);
    as(PlatformIssuer.forged(org.org())).get(sessions(org.org())).then().statusCode(401);
    // A service account's MQTT credential is signed by the same key but is not for the APIs.
    as(PlatformIssuer.mqttCredential(org.org())).get(sessions(org.org())).then().statusCode(401);

    // Another organization's admin sees nothing and ends nothing of this one.
    as(admin(other.org()))
        .get(sessions(org.org()))
        .then()
        .statusCode(403)
        .body("detail", equalTo("The token does not belong to organization " + org.org()));
    as(admin(other.org())).delete(path).then().statusCode(403);
    // ... and its own listing does not hold this organization's client.
    as(admin(other.org()))
        .get(sessions(other.org()))
        .then()
        .statusCode(200)
        .body("sessions", equalTo(List.of()));

    // A member reads, but may not disconnect.
    String member = PlatformIssuer.accessToken(org.org(), "member", "bo@example.com");
    as(member).get(path).then().statusCode(200).body("connected", equalTo(true));
    as(member)
        .delete(path)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", startsWith("Only an admin"));
    assertThat(client.getState().isConnected()).isTrue();
    as(member).put(path).then().statusCode(405).header("Allow", "GET, DELETE");
    assertThat(TestBroker.metric("aviary_api_refusals_total", "reason=\"not_admin\"")).isPositive();
  }

  @Test
  void anAdminDisconnectSendsAdministrativeActionKeepsThePersistentSessionAndIsAudited()
      throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    AuditStream stream = new AuditStream(kafka);
    String dave = TestBroker.clientId("dave-gateway");
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient client =
        v5Builder(org, dave, "dave")
            .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
            .buildBlocking();
    clients.add(client);
    client.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
    client.subscribeWith().topicFilter("cmd/dave").qos(MqttQos.AT_LEAST_ONCE).send();
    double before = TestBroker.metric("aviary_sessions_admin_disconnects_total", null);
    String path = sessions(org.org()) + "/" + dave;

    as(admin(org.org())).delete(path).then().statusCode(204);

    Sessions.assertDisconnectedWith(disconnected, Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
    ClientDisconnected event =
        stream.await(ClientDisconnected.class, e -> e.clientId().equals(dave));
    assertThat(event.orgId()).isEqualTo(org.org().value());
    assertThat(event.kind()).isEqualTo(ClientDisconnected.Kind.KICKED);
    assertThat(event.reason())
        .isEqualTo("administrative_action: disconnected by user:" + ADMIN_EMAIL);
    assertThat(TestBroker.metric("aviary_sessions_admin_disconnects_total", null))
        .isGreaterThan(before);

    // The session outlives its connection, as its expiry says; it is listed offline.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                as(admin(org.org()))
                    .get(path)
                    .then()
                    .statusCode(200)
                    .body("connected", equalTo(false))
                    .body("subscriptions[0].filter", equalTo("cmd/dave")));
    JsonPath offline = as(admin(org.org())).get(path).jsonPath();
    assertThat(offline.getString("disconnected_at")).isNotNull();
    assertThat(offline.getString("transport")).isNull();

    // Without discard there is nothing to disconnect; with it, the session is gone.
    as(admin(org.org()))
        .delete(path)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("title", equalTo("Conflict"));
    as(admin(org.org())).queryParam("discard", "true").delete(path).then().statusCode(204);
    as(admin(org.org())).get(path).then().statusCode(404);
  }

  @Test
  void discardingALiveSessionEndsItWithItsConnection() throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    String erin = TestBroker.clientId("erin-probe");
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5BlockingClient client =
        v5Builder(org, erin, "erin")
            .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause()))
            .buildBlocking();
    clients.add(client);
    client.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
    String path = sessions(org.org()) + "/" + erin;

    String apiKey = PlatformIssuer.apiKeyToken(org.org(), "k7xm4pqr", "admin");
    as(apiKey).queryParam("discard", "true").delete(path).then().statusCode(204);

    Sessions.assertDisconnectedWith(disconnected, Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> as(apiKey).get(path).then().statusCode(404));
    ClientDisconnected event =
        new AuditStream(kafka).await(ClientDisconnected.class, e -> e.clientId().equals(erin));
    assertThat(event.reason())
        .isEqualTo("administrative_action: disconnected by api_key:k7xm4pqr, session discarded");
  }

  @Test
  void anMqtt311ClientIsDisconnectedByClosingItsConnection() throws Exception {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    // A client id may hold a slash: it travels percent-encoded in the path.
    String frank = TestBroker.clientId("plant-3/frank meter");
    MqttAsyncClient client =
        new MqttAsyncClient(
            "tcp://127.0.0.1:" + broker().mqttPort(), frank, new MemoryPersistence());
    pahoClients.add(client);
    CompletableFuture<Throwable> lost = new CompletableFuture<>();
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            lost.complete(cause);
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {}

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    client.connect(options(org, "frank")).waitForCompletion(10_000);

    String encoded = URLEncoder.encode(frank, StandardCharsets.UTF_8).replace("+", "%20");
    as(admin(org.org()))
        .urlEncodingEnabled(false)
        .get(sessions(org.org()) + "/" + encoded)
        .then()
        .statusCode(200)
        .body("client_id", equalTo(frank))
        .body("mqtt_version", equalTo("3.1.1"));
    as(admin(org.org()))
        .urlEncodingEnabled(false)
        .delete(sessions(org.org()) + "/" + encoded)
        .then()
        .statusCode(204);

    assertThat(lost).succeedsWithin(Duration.ofSeconds(15));
    assertThat(client.isConnected()).isFalse();
  }

  @Test
  void anUnknownClientIdIsNotFound() {
    TestOrgs.HsOrg org = TestOrgs.hs256();
    String path = sessions(org.org()) + "/nobody-here";
    as(admin(org.org()))
        .get(path)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:not_found"))
        .body("title", equalTo("Not found"))
        .body(
            "detail",
            equalTo("Organization " + org.org() + " has no session with client id nobody-here."));
    as(admin(org.org())).delete(path).then().statusCode(404);
    as(admin(org.org()))
        .get(sessions(org.org()))
        .then()
        .statusCode(200)
        .body("sessions", equalTo(List.of()));
  }

  private TestBroker broker() {
    return new TestBroker(listeners);
  }

  private Mqtt5ClientBuilder v5Builder(TestOrgs.HsOrg org, String clientId, String subject) {
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(clientId)
        .serverHost("localhost")
        .serverPort(broker().mqttPort())
        .simpleAuth()
        .username(org.username(subject))
        .password(org.token(subject).getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth();
  }

  private static MqttConnectOptions options(TestOrgs.HsOrg org, String subject) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(org.username(subject));
    options.setPassword(org.token(subject).toCharArray());
    options.setAutomaticReconnect(false);
    return options;
  }

  private static Map<String, Object> session(JsonPath json, String clientId) {
    List<Map<String, Object>> all = json.getList("sessions");
    return all.stream().filter(s -> clientId.equals(s.get("client_id"))).findFirst().orElseThrow();
  }

  private static Map<String, Object> subscription(
      String filter, String group, int qos, boolean noLocal) {
    Map<String, Object> s = new HashMap<>();
    s.put("filter", filter);
    s.put("shared_group", group);
    s.put("qos", qos);
    s.put("no_local", noLocal);
    s.put("retain_as_published", false);
    s.put("retain_handling", 0);
    return s;
  }
}
