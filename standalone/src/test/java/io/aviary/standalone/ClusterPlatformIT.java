package io.aviary.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./aviary dev --nodes 3}: three broker nodes, node i on each broker port + i, sharing the
 * embedded PostgreSQL and Kafka and the services, form one cluster; the demo credentials work on
 * every node, a message published on node 0 reaches a subscriber on node 2, and a policy change
 * reaches every node.
 */
class ClusterPlatformIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(3).awaitReady(Duration.ofMinutes(4));
  }

  @AfterAll
  static void stop() throws Exception {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void threeNodesFormOneClusterAndTheDemoClientsReachEachOtherAcrossIt() throws Exception {
    assertThat(platform.output()).contains("with 3 broker nodes in one cluster");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              for (int i = 0; i < 3; i++) {
                assertThat(members(platform.port("BROKER_HTTP") + i)).isEqualTo(3);
              }
            });

    Map<String, String> demo = platform.demoEnv();
    String topic = "demo/" + UUID.randomUUID();
    Process sub =
        new ProcessBuilder(
                mosquitto(
                    demo,
                    platform.port("MQTTS") + 2,
                    List.of("mosquitto_sub", "-C", "1", "-W", "60", "-v", "-t", topic)))
            .redirectErrorStream(true)
            .start();
    // Until node 0 has heard of the subscription on node 2 a publish reaches no one: publish
    // again until the subscriber has the message.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Process pub =
                  new ProcessBuilder(
                          mosquitto(
                              demo,
                              platform.port("MQTTS"),
                              List.of("mosquitto_pub", "-q", "1", "-t", topic, "-m", "across")))
                      .redirectErrorStream(true)
                      .start();
              assertThat(pub.waitFor(30, TimeUnit.SECONDS)).isTrue();
              assertThat(pub.exitValue()).isZero();
              return !sub.isAlive();
            });
    assertThat(sub.exitValue()).isZero();
    assertThat(new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains(topic + " across");
  }

  @Test
  void aPolicyChangeReachesEveryNode() throws Exception {
    Map<String, String> demo = platform.demoEnv();
    List<Mqtt5BlockingClient> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Mqtt5BlockingClient c =
          platform.mqttClient(
              platform.port("MQTTS") + i,
              "policy-" + i,
              demo.get("AVIARY_DEMO_USERNAME"),
              demo.get("AVIARY_DEMO_PASSWORD"),
              new CompletableFuture<>());
      c.connect();
      clients.add(c);
      assertThat(Platform.subscribeCode(c, "demo/secret/plans").isError())
          .as("granted under Permit All on node %d", i)
          .isFalse();
    }
    String token =
        JSON.readTree(
                send(
                        HttpRequest.newBuilder(URI.create(platform.api() + "/api/v1/auth/token"))
                            .header("Content-Type", "application/json")
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    JSON.createObjectNode()
                                        .put("email", demo.get("AVIARY_DEMO_ADMIN_EMAIL"))
                                        .put("password", demo.get("AVIARY_DEMO_ADMIN_PASSWORD"))
                                        .toString())),
                        200)
                    .body())
            .path("access_token")
            .asText();
    platform.putPolicy(
        demo.get("AVIARY_DEMO_ORG"),
        token,
        """
        { "version": "2.0", "default_action": "deny", "rules": [
          { "name": "no-secrets", "topic": "demo/secret/#", "action": "all", "effect": "deny" },
          { "name": "demo", "topic": "demo/#", "action": "all", "effect": "allow" } ] }
        """);
    // Each node follows acl-service's feed on its own: every one refuses within seconds.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (Mqtt5BlockingClient c : clients) {
                assertThat(Platform.subscribeCode(c, "demo/secret/plans"))
                    .isEqualTo(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
              }
            });
    for (Mqtt5BlockingClient c : clients) {
      c.disconnect();
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, int status)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response;
  }

  private static int members(int brokerHttpPort) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + brokerHttpPort + "/q/health/ready"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    for (JsonNode check : JSON.readTree(r.body()).path("checks")) {
      if (check.path("name").asText().equals("cluster")) {
        return check.path("data").path("members").asInt();
      }
    }
    throw new AssertionError("no cluster check: " + r.body());
  }

  private static List<String> mosquitto(Map<String, String> demo, int port, List<String> command) {
    List<String> all = new ArrayList<>(command);
    all.addAll(
        List.of(
            "-h",
            "localhost",
            "-p",
            Integer.toString(port),
            "--cafile",
            demo.get("AVIARY_DEMO_CA"),
            "-u",
            demo.get("AVIARY_DEMO_USERNAME"),
            "-P",
            demo.get("AVIARY_DEMO_PASSWORD")));
    return all;
  }
}
