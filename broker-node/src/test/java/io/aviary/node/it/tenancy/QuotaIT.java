package io.aviary.node.it.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** An organization's quotas as the broker enforces them: connections and publish rate. */
@QuarkusTest
@TestProfile(TenancyProfile.class)
class QuotaIT {
  @Inject Listeners listeners;

  @Test
  void connectionsBeyondTheQuotaAreRefusedWith0x97() {
    TestOrgs.HsOrg org = TestOrgs.hs256(new JsonObject().put("max_connections", 2));
    Mqtt5BlockingClient first = client(org, "c1");
    Mqtt5BlockingClient second = client(org, "c2");
    first.connect();
    second.connect();
    Sessions.assertRefusedWith(client(org, "c3"), Mqtt5ConnAckReasonCode.QUOTA_EXCEEDED);
    first.disconnect();
    // A freed place is usable again once the broker has seen the disconnect.
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () -> {
              Mqtt5BlockingClient third = client(org, "c3");
              try {
                third.connect();
                third.disconnect();
                return true;
              } catch (RuntimeException e) {
                return false;
              }
            });
    second.disconnect();
  }

  @Test
  void publishesBeyondTheRateQuotaGetQuotaExceeded() throws Exception {
    int rate = 5;
    TestOrgs.HsOrg org = TestOrgs.hs256(new JsonObject().put("max_messages_per_second", rate));
    Mqtt5BlockingClient client = client(org, "fast");
    client.connect();
    Mqtt5AsyncClient async = client.toAsync();
    long start = System.nanoTime();
    List<CompletableFuture<Mqtt5PubAckReasonCode>> results = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      results.add(
          async
              .publishWith()
              .topic("telemetry")
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(("m" + i).getBytes(StandardCharsets.UTF_8))
              .send()
              .handle(QuotaIT::reasonCode));
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    double elapsedSeconds = (System.nanoTime() - start) / 1e9;
    Map<Mqtt5PubAckReasonCode, Long> codes =
        results.stream()
            .map(CompletableFuture::join)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    long refused = codes.getOrDefault(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED, 0L);
    long admitted = 40 - refused;
    assertThat(refused).as("%s", codes).isPositive();
    // A one-second burst plus the rate over the time the publishes took, at most.
    assertThat(admitted)
        .as("%s", codes)
        .isBetween(1L, rate + (long) Math.ceil(elapsedSeconds * rate));
    assertThat(TestBroker.metric("aviary_publishes_refused_total", "reason=\"rate_limited\""))
        .isGreaterThanOrEqualTo(refused);
    client.disconnect();
  }

  /** The PUBACK's reason code: the HiveMQ client fails the publish on an error code. */
  private static Mqtt5PubAckReasonCode reasonCode(Mqtt5PublishResult result, Throwable error) {
    if (error instanceof Mqtt5PubAckException refused) {
      return refused.getMqttMessage().getReasonCode();
    }
    if (error != null) {
      throw new IllegalStateException(error);
    }
    return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
  }

  private Mqtt5BlockingClient client(TestOrgs.HsOrg org, String id) {
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(id)
        .serverHost("127.0.0.1")
        .serverPort(new TestBroker(listeners).mqttPort())
        .simpleAuth()
        .username(org.username(id))
        .password(org.token(id).getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .buildBlocking();
  }
}
