package io.aviary.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.nimbusds.jose.JOSEObjectType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end, the way a newcomer uses the platform: {@code ./aviary dev}'s launcher starts
 * PostgreSQL, tenant-api, acl-service and the broker; the demo organization is on the Permit All
 * policy and its credentials from {@code demo.env} work with the printed mosquitto pair; a new
 * organization signs up through the REST API, writes its policy, registers its OIDC provider and
 * connects with that provider's JWT; deleting the provider ends the session.
 */
class PlatformIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Platform platform;
  private static MockOAuth2Server oidc;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start().awaitReady(Duration.ofMinutes(3));
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (oidc != null) {
      oidc.shutdown();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theDemoOrganizationIsOnThePermitAllPolicy() throws Exception {
    HttpResponse<String> ready =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(platform.aclService() + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(platform.output()).contains("ACL API (acl-service)  http://localhost:");

    Map<String, String> demo = platform.demoEnv();
    String token =
        post(
                "/api/v1/auth/token",
                null,
                Map.of(
                    "email",
                    demo.get("AVIARY_DEMO_ADMIN_EMAIL"),
                    "password",
                    demo.get("AVIARY_DEMO_ADMIN_PASSWORD")))
            .get("access_token")
            .asText();
    HttpResponse<String> acl =
        aclGet("/api/v1/orgs/" + demo.get("AVIARY_DEMO_ORG") + "/acl", token);
    assertThat(acl.statusCode()).as(acl.body()).isEqualTo(200);
    assertThat(acl.headers().firstValue("Aviary-Acl-Version")).hasValue("1");
    JsonNode permitAll = null;
    for (JsonNode template : JSON.readTree(aclGet("/api/v1/acl/templates", token).body())) {
      if (template.get("id").asText().equals("permit-all")) {
        permitAll = template.get("policy");
      }
    }
    assertThat(JSON.readTree(acl.body())).isEqualTo(permitAll);
  }

  @Test
  void theDemoCredentialsWorkWithThePrintedMosquittoPair() throws Exception {
    Map<String, String> demo = platform.demoEnv();
    String topic = "demo/" + UUID.randomUUID();
    List<String> common =
        List.of(
            "-h",
            "localhost",
            "-p",
            String.valueOf(platform.port("MQTTS")),
            "--cafile",
            demo.get("AVIARY_DEMO_CA"),
            "-u",
            demo.get("AVIARY_DEMO_USERNAME"),
            "-P",
            demo.get("AVIARY_DEMO_PASSWORD"));
    Process sub =
        new ProcessBuilder(
                concat(List.of("mosquitto_sub", "-C", "1", "-W", "30", "-v", "-t", topic), common))
            .redirectErrorStream(true)
            .start();
    // The subscriber is ready once the broker counts its subscription; retained avoids the race.
    Process pub =
        new ProcessBuilder(
                concat(
                    List.of("mosquitto_pub", "-r", "-t", topic, "-m", "hello from Aviary"), common))
            .redirectErrorStream(true)
            .start();
    assertThat(pub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pub.exitValue()).as(output(pub)).isZero();
    assertThat(sub.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(output(sub)).contains(topic + " hello from Aviary");
  }

  @Test
  void anOrganizationSignsUpWritesItsPolicyRegistersItsIdpAndConnectsWithItsJwt() throws Exception {
    JsonNode signup = signup("Acme Robotics");
    String org = signup.get("org_id").asText();
    String accessToken = signup.get("access_token").asText();
    // A new organization denies everything until it writes a policy.
    platform.putPolicy(
        org,
        accessToken,
        """
        { "version": "2.0", "default_action": "deny",
          "rules": [ { "name": "agents", "topic": "agents/#", "action": "all",
                       "effect": "allow" } ] }
        """);
    String idpId =
        registerIdp(
                org, accessToken, "Acme OIDC", "acme", Map.of("user_id", "sub", "email", "email"))
            .get("id")
            .asText();

    String username = "agent-7@" + org;
    CompletableFuture<Throwable> subscriberGone = new CompletableFuture<>();
    Mqtt5BlockingClient subscriber =
        client("agent-sub", username, jwt("agent-sub"), subscriberGone);
    subscriber.connect();
    Mqtt5BlockingClient publisher =
        client("agent-pub", username, jwt("agent-pub"), new CompletableFuture<>());
    publisher.connect();
    Map<String, String> demo = platform.demoEnv();
    Mqtt5BlockingClient demoWatcher =
        client(
            "demo-watcher",
            demo.get("AVIARY_DEMO_USERNAME"),
            demo.get("AVIARY_DEMO_PASSWORD"),
            new CompletableFuture<>());
    demoWatcher.connect();
    try (Mqtt5BlockingClient.Mqtt5Publishes received =
            subscriber.publishes(MqttGlobalPublishFilter.ALL);
        Mqtt5BlockingClient.Mqtt5Publishes demoReceived =
            demoWatcher.publishes(MqttGlobalPublishFilter.ALL)) {
      subscriber.subscribeWith().topicFilter("agents/#").qos(MqttQos.AT_LEAST_ONCE).send();
      // Retained messages of other tests would come first; only live ones matter here.
      demoWatcher
          .subscribeWith()
          .topicFilter("#")
          .qos(MqttQos.AT_LEAST_ONCE)
          .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND)
          .send();
      publisher
          .publishWith()
          .topic("agents/7/status")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("online".getBytes(StandardCharsets.UTF_8))
          .send();
      Optional<Mqtt5Publish> got = received.receive(20, TimeUnit.SECONDS);
      assertThat(got).isPresent();
      assertThat(new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
          .isEqualTo("online");
      // The demo organization's '#' sees its own fence and nothing of Acme's before it.
      demoWatcher.publishWith().topic("fence").qos(MqttQos.AT_LEAST_ONCE).send();
      Optional<Mqtt5Publish> first = demoReceived.receive(20, TimeUnit.SECONDS);
      assertThat(first)
          .hasValueSatisfying(p -> assertThat(p.getTopic().toString()).isEqualTo("fence"));
    }

    delete("/api/v1/orgs/" + org + "/idps/" + idpId, accessToken);
    assertThat(subscriberGone)
        .succeedsWithin(Duration.ofSeconds(20))
        .isInstanceOfSatisfying(
            Mqtt5DisconnectException.class,
            e ->
                assertThat(e.getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION));
    demoWatcher.disconnect();
    await().atMost(Duration.ofSeconds(20)).until(() -> !publisher.getState().isConnected());
  }

  @Test
  void theCliAppliesATemplateAndConnectedAgentsFollowEachChangeWithoutReconnecting()
      throws Exception {
    JsonNode signup = signup("Agent Works");
    String org = signup.get("org_id").asText();
    String accessToken = signup.get("access_token").asText();
    String apiKey =
        post("/api/v1/orgs/" + org + "/api-keys", accessToken, Map.of("name", "ci"))
            .get("key")
            .asText();
    registerIdp(
        org, accessToken, "Agent IdP", "acme", Map.of("user_id", "sub", "agent_id", "agent_id"));

    // The policy lives in a file, as it would in version control.
    Path policy = Files.createTempFile("policy", ".json");
    Cli template = cli(apiKey, "acl", "templates", "show", "agent-pipelines");
    assertThat(template.exit()).as(template.output()).isZero();
    Files.writeString(policy, template.stdout());
    Cli update = cli(apiKey, "acl", "update", policy.toString(), "--yes");
    assertThat(update.exit()).as(update.output()).isZero();

    CompletableFuture<Throwable> a1Gone = new CompletableFuture<>();
    Mqtt5BlockingClient a1 = client("a1", "a1@" + org, agentJwt("a1"), a1Gone);
    a1.connect();
    Mqtt5BlockingClient a2 = client("a2", "a2@" + org, agentJwt("a2"), new CompletableFuture<>());
    a2.connect();
    try (Mqtt5BlockingClient.Mqtt5Publishes inbox = a1.publishes(MqttGlobalPublishFilter.ALL)) {
      assertThat(a1.subscribeWith().topicFilter("agents/a1/inbox").send().getReasonCodes())
          .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2);
      assertThat(Platform.subscribeCode(a1, "agents/a2/inbox"))
          .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
      a2.publishWith().topic("agents/a1/inbox").payload(utf8("task 1")).send();
      assertThat(inbox.receive(20, TimeUnit.SECONDS))
          .hasValueSatisfying(
              p -> assertThat(p.getTopic().toString()).isEqualTo("agents/a1/inbox"));
    }
    Cli simulate =
        cli(
            apiKey,
            "acl",
            "simulate",
            "--identity",
            "{\"agent_id\": \"a1\"}",
            "--action",
            "subscribe",
            "--topic",
            "agents/a2/inbox");
    assertThat(simulate.exit()).as("deny exits 1: %s", simulate.output()).isEqualTo(1);
    assertThat(simulate.stdout()).contains("deny");

    // Version 2 moves each agent's inbox to mailbox/: connected agents follow.
    Files.writeString(
        policy, template.stdout().replace("agents/{agent_id}/inbox", "agents/{agent_id}/mailbox"));
    Cli second = cli(apiKey, "acl", "update", policy.toString(), "--yes");
    assertThat(second.exit()).as(second.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(Platform.subscribeCode(a1, "agents/a1/inbox"))
                    .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
    try (Mqtt5BlockingClient.Mqtt5Publishes seen = a1.publishes(MqttGlobalPublishFilter.ALL)) {
      a1.subscribeWith().topicFilter("agents/+/status").send();
      // The inbox subscription went with version 2: a2's status, sent after a message to a1's
      // inbox (still allowed to send), is the first to arrive.
      a2.publishWith().topic("agents/a1/inbox").qos(MqttQos.AT_LEAST_ONCE).send();
      a2.publishWith().topic("agents/a2/status").qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(seen.receive(20, TimeUnit.SECONDS))
          .hasValueSatisfying(
              p -> assertThat(p.getTopic().toString()).isEqualTo("agents/a2/status"));
    }

    // Rolling back is activating version 1 again.
    Cli rollback = cli(apiKey, "acl", "activate", "1");
    assertThat(rollback.exit()).as(rollback.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(Platform.subscribeCode(a1, "agents/a1/inbox"))
                    .isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_2));
    assertThat(a1Gone).as("no reconnect through three versions").isNotDone();
    a1.disconnect();
    a2.disconnect();
  }

  @Test
  void anOrganizationReadsItsOwnAuditTrailAndNoOtherOne() throws Exception {
    JsonNode a = signup("Audit A");
    JsonNode b = signup("Audit B");
    String orgA = a.get("org_id").asText();
    String tokenA = a.get("access_token").asText();
    String orgB = b.get("org_id").asText();
    String tokenB = b.get("access_token").asText();
    platform.putPolicy(
        orgA,
        tokenA,
        """
        { "version": "2.0", "default_action": "deny", "rules": [
          { "name": "no-secrets", "topic": "secret/#", "action": "all", "effect": "deny" },
          { "name": "robots", "topic": "#", "action": "all", "effect": "allow" } ] }
        """);
    registerIdp(orgA, tokenA, "Audit OIDC", "audit", Map.of("user_id", "sub"));
    String username = "robot@" + orgA;

    // A token of another issuer: refused, and recorded.
    Mqtt5BlockingClient forged =
        client("robot-forged", username, jwt("robot"), new CompletableFuture<>());
    assertThatThrownBy(forged::connect).isInstanceOf(Mqtt5ConnAckException.class);
    // A subscription the policy refuses.
    Mqtt5BlockingClient robot =
        client("robot-1", username, token("audit", "robot-1", Map.of()), new CompletableFuture<>());
    robot.connect();
    assertThat(Platform.subscribeCode(robot, "secret/plans"))
        .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    robot.disconnect();
    // An MQTT 3.1.1 connection that drops without DISCONNECT.
    MqttAsyncClient paho =
        new MqttAsyncClient(
            "tcp://127.0.0.1:" + platform.port("MQTT"), "robot-abrupt", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(username);
    options.setPassword(token("audit", "robot-abrupt", Map.of()).toCharArray());
    paho.connect(options).waitForCompletion(20_000);
    paho.disconnectForcibly(0, 1000, false);
    paho.close();

    JsonNode failure = awaitEvent(orgA, tokenA, "type=auth_failure");
    assertThat(failure.get("reason").asText()).isEqualTo("unknown_issuer");
    assertThat(failure.get("username").asText()).isEqualTo(username);
    assertThat(failure.get("client_id").asText()).startsWith("robot-forged");
    JsonNode denied = awaitEvent(orgA, tokenA, "type=acl_verdict&verdict=deny");
    assertThat(denied.get("topic").asText()).isEqualTo("secret/plans");
    assertThat(denied.get("rule").asText()).isEqualTo("no-secrets");
    assertThat(denied.get("action").asText()).isEqualTo("subscribe");
    assertThat(denied.get("policy_version").asLong()).isEqualTo(1);
    JsonNode dropped = awaitEvent(orgA, tokenA, "type=disconnect&client_id=robot-abrupt");
    assertThat(dropped.get("kind").asText()).isEqualTo("ungraceful");
    JsonNode connected = awaitEvent(orgA, tokenA, "type=connect&client_id=robot-abrupt");
    assertThat(connected.get("mqtt_version").asText()).isEqualTo("3.1.1");
    assertThat(connected.get("transport").asText()).isEqualTo("tcp");
    assertThat(connected.get("bindings").get("user_id").get(0).asText()).isEqualTo("robot-abrupt");
    // Tenant-side events share the trail: the policy activation by A's admin.
    JsonNode activated = awaitEvent(orgA, tokenA, "type=policy_activated");
    assertThat(activated.get("policy_version").asLong()).isEqualTo(1);

    // B, with its console token or with an API key, never reads A's trail.
    JsonNode key = post("/api/v1/orgs/" + orgB + "/api-keys", tokenB, Map.of("name", "auditor"));
    String keyToken =
        post("/api/v1/auth/token", null, Map.of("api_key", key.get("key").asText()))
            .get("access_token")
            .asText();
    for (String bearer : List.of(tokenB, keyToken)) {
      for (String path : List.of("/events", "/export?format=ndjson", "/tail")) {
        assertThat(audit(orgA, path, bearer).statusCode()).as(path).isEqualTo(403);
      }
    }
    awaitEvent(orgB, keyToken, "type=api_key_created");
    HttpResponse<String> own = audit(orgB, "/export?format=ndjson", keyToken);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).contains(orgB).doesNotContain(orgA);
  }

  private static JsonNode signup(String name) throws Exception {
    return post(
        "/api/v1/signup",
        null,
        Map.of(
            "organization_name",
            name,
            "email",
            "owner-" + UUID.randomUUID() + "@example.com",
            "password",
            "correct horse battery staple"));
  }

  /** The newest event of {@code org} matching {@code query}, once audit-pipeline has it. */
  private static JsonNode awaitEvent(String org, String bearer, String query) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HttpResponse<String> r = audit(org, "/events?" + query, bearer);
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              JsonNode events = JSON.readTree(r.body()).get("events");
              if (events.isEmpty()) {
                return false;
              }
              found.set(events.get(0));
              return true;
            });
    assertThat(found.get().get("org_id").asText()).isEqualTo(org);
    return found.get();
  }

  private static HttpResponse<String> audit(String org, String path, String bearer)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create(platform.auditPipeline() + "/api/v1/orgs/" + org + "/audit" + path))
            .header("Authorization", "Bearer " + bearer)
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What one run of the CLI jar printed and returned. */
  private record Cli(int exit, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  /**
   * Runs {@code cli/target/aviary-cli.jar} as a user would, with the API key in the environment.
   */
  private static Cli cli(String apiKey, String... args) throws Exception {
    Path root = Path.of(System.getProperty("aviary.root", "..")).toAbsolutePath().normalize();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Platform.C1,
                "-jar",
                root.resolve("cli/target/aviary-cli.jar").toString()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile("cli", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().put("AVIARY_API_KEY", apiKey);
    builder.environment().put("AVIARY_API_URL", platform.api());
    builder.environment().put("AVIARY_ACL_URL", platform.aclService());
    builder.environment().remove("AVIARY_CONFIG");
    Process process = builder.start();
    process.getOutputStream().close();
    String out = output(process);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Cli(process.exitValue(), out, Files.readString(err));
  }

  private static String agentJwt(String agent) {
    return token("acme", agent, Map.of("agent_id", agent));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String jwt(String subject) {
    return token("acme", subject, Map.of("email", subject + "@acme.example"));
  }

  /** An RS256 JWT of the mock OIDC provider's issuer {@code issuerId}, audience aviary. */
  private static String token(String issuerId, String subject, Map<String, Object> claims) {
    return oidc.issueToken(
            issuerId,
            "agents",
            new DefaultOAuth2TokenCallback(
                issuerId, subject, JOSEObjectType.JWT.getType(), List.of("aviary"), claims, 600))
        .serialize();
  }

  /** Stores and activates {@code policy} as the organization's ACL (acl-service answers 201). */
  /** Registers the mock OIDC provider's issuer {@code issuerId} as an IdP of {@code org}. */
  private static JsonNode registerIdp(
      String org, String bearer, String name, String issuerId, Map<String, String> claimMappings)
      throws Exception {
    String issuer = oidc.issuerUrl(issuerId).toString();
    ObjectNode idp = JSON.createObjectNode();
    idp.put("name", name);
    idp.put("preset", "generic_oidc");
    idp.putArray("issuers").add(issuer);
    idp.putArray("audiences").add("aviary");
    idp.putArray("algorithms").add("RS256");
    idp.put("discovery_url", issuer + "/.well-known/openid-configuration");
    claimMappings.forEach(idp.putObject("claim_mappings")::put);
    return post("/api/v1/orgs/" + org + "/idps", bearer, idp);
  }

  private static Mqtt5BlockingClient client(
      String id, String username, String password, CompletableFuture<Throwable> disconnected)
      throws Exception {
    return platform.mqttClient(
        platform.port("MQTTS"),
        id + "-" + UUID.randomUUID().toString().substring(0, 8),
        username,
        password,
        disconnected);
  }

  private static JsonNode post(String path, String bearer, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(platform.api() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> aclGet(String path, String bearer) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(platform.aclService() + path))
            .header("Authorization", "Bearer " + bearer)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void delete(String path, String bearer) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(platform.api() + path))
                .header("Authorization", "Bearer " + bearer)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 204);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static String output(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
