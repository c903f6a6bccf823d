package io.aviary.node.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.aviary.node.it.clients.TcpRelay;
import io.aviary.node.it.tenancy.PlatformIssuer;
import io.aviary.node.it.tenancy.TestOrgs;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three broker nodes in separate JVMs as one broker ({@code docs/adr/0005-cluster.md}), checked
 * with real MQTT clients connected to different nodes. A subscription reaches the other nodes'
 * route tables a moment after its SUBACK, so each test first waits, by publishing probes, until the
 * publishing node routes to the subscriber; never by sleeping.
 */
class ClusterIT {
  private static TestCluster cluster;
  private static PlatformIssuer platform;
  private static TestOrgs.HsOrg org;
  private final List<Mqtt5BlockingClient> clients = new ArrayList<>();
  private final String run = "run-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void startCluster() throws Exception {
    org = TestOrgs.hs256();
    platform = new PlatformIssuer();
    Map<String, String> api = platform.start();
    cluster =
        new TestCluster(
                3,
                Map.of(
                    "AVIARY_PLATFORM_ISSUER", api.get("aviary.api.issuer"),
                    "AVIARY_PLATFORM_JWKS_URI", api.get("aviary.api.jwks-uri")))
            .start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (platform != null) {
      platform.stop();
    }
  }

  @AfterEach
  void disconnect() throws Exception {
    for (Mqtt5BlockingClient c : clients) {
      if (c.getState().isConnected()) {
        c.disconnect();
      }
    }
    // A test that killed a node and failed before restarting it leaves the next one three nodes.
    if (!cluster.node(2).isAlive()) {
      cluster.restart(2);
      cluster.awaitMembers(3, 0, 1, 2);
    }
  }

  @Test
  void aPublishOnOneNodeReachesSubscribersOnTheOthersAtEachQos() throws Exception {
    Mqtt5BlockingClient sub0 = connect(org, "sub0", 0);
    Mqtt5BlockingClient sub2 = connect(org, "sub2", 2);
    Mqtt5BlockingClient pub = connect(org, "pub1", 1);
    try (var at0 = sub0.publishes(MqttGlobalPublishFilter.ALL);
        var at2 = sub2.publishes(MqttGlobalPublishFilter.ALL)) {
      sub0.subscribeWith().topicFilter(run + "/#").qos(MqttQos.EXACTLY_ONCE).send();
      sub2.subscribeWith().topicFilter(run + "/+/x").qos(MqttQos.EXACTLY_ONCE).send();
      awaitRoute(pub, run + "/probe/x", at0, at2);

      for (MqttQos qos : MqttQos.values()) {
        pub.publishWith()
            .topic(run + "/q" + qos.getCode() + "/x")
            .qos(qos)
            .payload(("m" + qos.getCode()).getBytes(StandardCharsets.UTF_8))
            .send();
      }
      for (var received : List.of(at0, at2)) {
        for (int q = 0; q < 3; q++) {
          Mqtt5Publish p = next(received);
          assertThat(p.getTopic().toString()).isEqualTo(run + "/q" + q + "/x");
          assertThat(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("m" + q);
          assertThat(p.getQos().getCode()).isEqualTo(q);
        }
      }
    }
    assertThat(cluster.metric(1, "aviary_cluster_members")).isEqualTo(3.0);
  }

  @Test
  void aRetainedMessagePublishedOnOneNodeIsDeliveredOnAnother() {
    Mqtt5BlockingClient pub = connect(org, "retain-pub", 1);
    pub.publishWith()
        .topic(run + "/state")
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .payload("on".getBytes(StandardCharsets.UTF_8))
        .send();
    // The other nodes take the retained message from the cluster's map a moment later.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Mqtt5BlockingClient late = connect(org, "retain-sub-" + UUID.randomUUID(), 2);
              try (var received = late.publishes(MqttGlobalPublishFilter.ALL)) {
                late.subscribeWith().topicFilter(run + "/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Optional<Mqtt5Publish> p = received.receive(2, TimeUnit.SECONDS);
                assertThat(p).isPresent();
                assertThat(p.get().isRetain()).isTrue();
                assertThat(p.get().getPayloadAsBytes())
                    .isEqualTo("on".getBytes(StandardCharsets.UTF_8));
              } finally {
                late.disconnect();
              }
            });
  }

  @Test
  void aSharedSubscriptionSpreadOverThreeNodesGetsEachMessageOnceAndBalanced() throws Exception {
    String filter = "$share/workers/" + run + "/jobs";
    List<Mqtt5BlockingClient> workers = new ArrayList<>();
    List<Mqtt5BlockingClient.Mqtt5Publishes> queues = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Mqtt5BlockingClient w = connect(org, "worker" + i, i);
      queues.add(w.publishes(MqttGlobalPublishFilter.ALL));
      w.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
      workers.add(w);
    }
    Mqtt5BlockingClient pub = connect(org, "jobs-pub", 0);
    // Until the publishing node knows the group's members on both other nodes, probes land on
    // this node only; once each worker has had a probe, all three are known.
    boolean[] probed = new boolean[3];
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              pub.publishWith()
                  .topic(run + "/jobs")
                  .qos(MqttQos.AT_LEAST_ONCE)
                  .payload(new byte[] {'p'})
                  .send();
              for (int i = 0; i < 3; i++) {
                Optional<Mqtt5Publish> p;
                while ((p = queues.get(i).receive(50, TimeUnit.MILLISECONDS)).isPresent()) {
                  probed[i] = true;
                }
              }
              assertThat(probed).containsOnly(true);
            });
    for (var q : queues) {
      while (q.receive(200, TimeUnit.MILLISECONDS).isPresent()) {
        // drain the probes still on their way
      }
    }

    int total = 60;
    for (int k = 0; k < total; k++) {
      pub.publishWith()
          .topic(run + "/jobs")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(("job-" + k).getBytes(StandardCharsets.UTF_8))
          .send();
    }
    int[] perWorker = new int[3];
    List<String> seen = new ArrayList<>();
    AtomicInteger received = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (int i = 0; i < 3; i++) {
                Optional<Mqtt5Publish> p;
                while ((p = queues.get(i).receive(20, TimeUnit.MILLISECONDS)).isPresent()) {
                  perWorker[i]++;
                  received.incrementAndGet();
                  seen.add(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
                }
              }
              assertThat(received.get()).isGreaterThanOrEqualTo(total);
            });
    assertThat(seen).doesNotHaveDuplicates().hasSize(total);
    // Round-robin over the three nodes from the publishing node: a third each.
    assertThat(perWorker).containsOnly(total / 3);
    queues.forEach(Mqtt5BlockingClient.Mqtt5Publishes::close);
  }

  @Test
  void theWillOfAClientThatDropsOnOneNodeReachesSubscribersOnAnother() throws Exception {
    Mqtt5BlockingClient watcher = connect(org, "watcher", 0);
    Mqtt5BlockingClient pub = connect(org, "will-probe", 1);
    try (var received = watcher.publishes(MqttGlobalPublishFilter.ALL);
        TcpRelay relay = new TcpRelay("127.0.0.1", cluster.mqttPort(1))) {
      watcher.subscribeWith().topicFilter(run + "/status/#").qos(MqttQos.AT_LEAST_ONCE).send();
      awaitRoute(pub, run + "/status/probe", received);

      Mqtt5BlockingClient dying =
          builder(org, "dying", relay.port())
              .willPublish()
              .topic(run + "/status/dying")
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload("gone".getBytes(StandardCharsets.UTF_8))
              .applyWillPublish()
              .buildBlocking();
      dying.connect();
      relay.cut();

      Mqtt5Publish will = next(received);
      assertThat(will.getTopic().toString()).isEqualTo(run + "/status/dying");
      assertThat(will.getPayloadAsBytes()).isEqualTo("gone".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void organizationsStayApartAcrossNodes() throws Exception {
    TestOrgs.HsOrg other = TestOrgs.hs256();
    Mqtt5BlockingClient subA = connect(org, "iso-a", 0);
    Mqtt5BlockingClient subB = connect(other, "iso-b", 0);
    Mqtt5BlockingClient pubA = connect(org, "iso-pub-a", 1);
    Mqtt5BlockingClient pubB = connect(other, "iso-pub-b", 1);
    try (var atA = subA.publishes(MqttGlobalPublishFilter.ALL);
        var atB = subB.publishes(MqttGlobalPublishFilter.ALL)) {
      subA.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
      subB.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
      awaitRoute(pubA, run + "/probe-a", atA);
      awaitRoute(pubB, run + "/probe-b", atB);

      pubA.publishWith()
          .topic(run + "/secret")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("a-only".getBytes(StandardCharsets.UTF_8))
          .send();
      // Same path from node 1 to node 0 for both organizations: once B's marker arrives, A's
      // message has been routed too.
      pubB.publishWith()
          .topic(run + "/marker")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("b".getBytes(StandardCharsets.UTF_8))
          .send();

      assertThat(next(atA).getTopic().toString()).isEqualTo(run + "/secret");
      Mqtt5Publish firstAtB = next(atB);
      assertThat(firstAtB.getTopic().toString()).isEqualTo(run + "/marker");
    }
  }

  @Test
  void aSessionFollowsItsClientToAnotherNode() throws Exception {
    String id = "mover-" + run;
    Mqtt5BlockingClient pub = connect(org, "mover-pub", 2);

    Mqtt5BlockingClient first = builder(org, id, cluster.mqttPort(0)).buildBlocking();
    first.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
    try (var atFirst = first.publishes(MqttGlobalPublishFilter.ALL)) {
      first.subscribeWith().topicFilter(run + "/inbox").qos(MqttQos.AT_LEAST_ONCE).send();
      awaitRoute(pub, run + "/inbox", atFirst);
    }
    first.disconnect(); // the session stays on node 0, with its subscription
    for (int k = 1; k <= 3; k++) {
      pub.publishWith()
          .topic(run + "/inbox")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(("queued-" + k).getBytes(StandardCharsets.UTF_8))
          .send();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.metric(0, "aviary_messages_queued") == 3.0);

    // The client comes back on node 1: node 0 hands over the subscription and the queue.
    CompletableFuture<Throwable> secondGone = new CompletableFuture<>();
    Mqtt5BlockingClient second =
        builder(org, id, cluster.mqttPort(1))
            .addDisconnectedListener(ctx -> secondGone.complete(ctx.getCause()))
            .buildBlocking();
    clients.add(second);
    try (var atSecond = second.publishes(MqttGlobalPublishFilter.ALL)) {
      Mqtt5ConnAck ack = second.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
      assertThat(ack.isSessionPresent()).isTrue();
      for (int k = 1; k <= 3; k++) {
        assertThat(new String(next(atSecond).getPayloadAsBytes(), StandardCharsets.UTF_8))
            .isEqualTo("queued-" + k);
      }
      assertThat(cluster.metric(0, "aviary_sessions")).isZero();
    }

    // While connected to node 1 it connects again on node 2: node 1's connection is taken over.
    Mqtt5BlockingClient third = builder(org, id, cluster.mqttPort(2)).buildBlocking();
    clients.add(third);
    try (var atThird = third.publishes(MqttGlobalPublishFilter.ALL)) {
      Mqtt5ConnAck ack = third.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
      assertThat(ack.isSessionPresent()).isTrue();
      Throwable cause = secondGone.get(10, TimeUnit.SECONDS);
      assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
      assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
          .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
      Mqtt5BlockingClient pub0 = connect(org, "mover-pub0", 0);
      awaitRoute(pub0, run + "/inbox", atThird);
    }
    third.disconnectWith().sessionExpiryInterval(0).send();
  }

  /** The sessions API of any node lists, finds and disconnects the sessions of every node. */
  @Test
  void everyNodesSessionsApiAnswersForTheWholeCluster() throws Exception {
    CompletableFuture<Throwable> farGone = new CompletableFuture<>();
    for (int n = 0; n < 3; n++) {
      var b = builder(org, "seen-" + n + "-" + run, cluster.mqttPort(n));
      if (n == 2) {
        b = b.addDisconnectedListener(ctx -> farGone.complete(ctx.getCause()));
      }
      Mqtt5BlockingClient c = b.buildBlocking();
      c.connect();
      clients.add(c);
    }
    for (int asked = 0; asked < 3; asked++) {
      // Pages of two, merged from three nodes' pages.
      Map<String, String> seen = new java.util.TreeMap<>();
      String after = null;
      do {
        JsonObject page =
            api(asked, "GET", "?limit=2" + (after == null ? "" : "&after=" + after), 200);
        assertThat(page.getJsonArray("sessions").size()).isLessThanOrEqualTo(2);
        assertThat(page.containsKey("incomplete")).isFalse();
        for (Object o : page.getJsonArray("sessions")) {
          JsonObject s = (JsonObject) o;
          if (s.getString("client_id").endsWith(run)) {
            seen.put(s.getString("client_id"), s.getString("node_id"));
          }
        }
        after = page.getString("next_after");
      } while (after != null);
      assertThat(seen)
          .as("asked node %d", asked)
          .isEqualTo(
              Map.of(
                  "seen-0-" + run, "node-0",
                  "seen-1-" + run, "node-1",
                  "seen-2-" + run, "node-2"));
    }

    JsonObject far = api(0, "GET", "/seen-2-" + run, 200);
    assertThat(far.getString("node_id")).isEqualTo("node-2");
    assertThat(far.getBoolean("connected")).isTrue();
    api(1, "GET", "/nobody-" + run, 404);

    // Node 0's API disconnects node 2's client.
    api(0, "DELETE", "/seen-2-" + run, 204);
    Throwable cause = farGone.get(10, TimeUnit.SECONDS);
    assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
        .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
  }

  /** Calls node {@code n}'s sessions API as an admin of the org; expects {@code status}. */
  private static JsonObject api(int n, String method, String rest, int status) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + cluster.node(n).port("http")
                                + "/api/v1/orgs/"
                                + org.org().value()
                                + "/sessions"
                                + rest))
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header(
                        "Authorization",
                        "Bearer "
                            + PlatformIssuer.accessToken(org.org(), "admin", "ops@example.com"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + rest + ": " + response.body())
        .isEqualTo(status);
    return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
  }

  /**
   * Two connections with one client id reach two nodes at once, round after round. Each node's
   * claim finds the other's (or nothing) while the other's session is still opening; exactly one
   * connection must be left, and the cluster's registry must name its node: a third connection, on
   * the third node, takes it over.
   */
  @Test
  void connectionsRacingOnTwoNodesWithOneClientIdLeaveOneThatTheRegistryKnows() throws Exception {
    for (int round = 0; round < 12; round++) {
      String id = "racer-" + round + "-" + run;
      boolean cleanStart = round % 2 == 0;
      Mqtt5AsyncClient a = builder(org, id, cluster.mqttPort(0)).buildAsync();
      Mqtt5AsyncClient b = builder(org, id, cluster.mqttPort(1)).buildAsync();
      CompletableFuture<Mqtt5ConnAck> atA =
          a.connectWith().cleanStart(cleanStart).sessionExpiryInterval(60).send();
      CompletableFuture<Mqtt5ConnAck> atB =
          b.connectWith().cleanStart(cleanStart).sessionExpiryInterval(60).send();
      String context = "round " + round + (cleanStart ? ", clean start" : ", resuming");
      await(context)
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  atA.isDone()
                      && atB.isDone()
                      && a.getState().isConnected() != b.getState().isConnected());
      Mqtt5AsyncClient kept = a.getState().isConnected() ? a : b;
      Mqtt5AsyncClient lost = kept == a ? b : a;

      // The one left works: a message to itself comes back.
      String topic = run + "/racer/" + round;
      CompletableFuture<Mqtt5Publish> echo = new CompletableFuture<>();
      kept.subscribeWith()
          .topicFilter(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(echo::complete)
          .send()
          .get(10, TimeUnit.SECONDS);
      kept.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
      echo.get(10, TimeUnit.SECONDS);
      assertThat(lost.getState().isConnected()).as(context).isFalse();

      // The registry names the node of the one left: a connection elsewhere takes it over.
      Mqtt5BlockingClient third = builder(org, id, cluster.mqttPort(2)).buildBlocking();
      third.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
      await(context + ", taken over from node " + (kept == a ? 0 : 1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> !kept.getState().isConnected());
      third.disconnect();
    }
  }

  @Test
  void aKilledNodeLeavesTheClusterWithItsRoutesKeepsItsRetainedMessageAndRejoinsWhenRestarted()
      throws Exception {
    Mqtt5BlockingClient doomed = connect(org, "doomed-sub", 2);
    Mqtt5BlockingClient pub = connect(org, "heal-pub", 0);
    try (var atDoomed = doomed.publishes(MqttGlobalPublishFilter.ALL)) {
      doomed.subscribeWith().topicFilter(run + "/heal/#").qos(MqttQos.AT_LEAST_ONCE).send();
      awaitRoute(pub, run + "/heal/probe", atDoomed);
    }
    assertThat(cluster.metric(0, "aviary_cluster_routes")).isPositive();
    // Acknowledged only once the cluster holds it with a backup: it must outlive node 2.
    Mqtt5BlockingClient retainer = connect(org, "doomed-retainer", 2);
    retainer
        .publishWith()
        .topic(run + "/heal/state")
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .payload("kept".getBytes(StandardCharsets.UTF_8))
        .send();

    // Wills of node 2's clients: a survivor publishes them when node 2 is lost, but not the will
    // of a client that left with DISCONNECT before.
    Mqtt5BlockingClient watcher = connect(org, "heal-watcher", 0);
    var wills = watcher.publishes(MqttGlobalPublishFilter.ALL);
    watcher.subscribeWith().topicFilter(run + "/heal-wills/#").qos(MqttQos.AT_LEAST_ONCE).send();
    withWill("left-with-will", "left", 0, 0).disconnect();
    withWill("lost-with-will", "lost", 0, 0);
    withWill("lost-with-session-and-will", "lost-later", 300, 1);
    double willsTaken = willsTaken();

    cluster.node(2).kill(); // SIGKILL: no goodbye to the cluster
    cluster.awaitMembers(2, 0, 1);
    Set<String> willTopics = new java.util.HashSet<>();
    for (int k = 0; k < 2; k++) {
      willTopics.add(next(wills).getTopic().toString());
    }
    wills.close();
    assertThat(willTopics)
        .containsExactlyInAnyOrder(run + "/heal-wills/lost", run + "/heal-wills/lost-later");
    assertThat(willsTaken() - willsTaken).isEqualTo(2.0);
    // The persistent session a survivor holds goes, so that later tests find no session of this.
    Mqtt5BlockingClient resumed =
        builder(org, "lost-with-session-and-will", cluster.mqttPort(0)).buildBlocking();
    resumed.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
    resumed.disconnect();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.metric(0, "aviary_cluster_routes") == 0.0);
    // The registry forgets the dead node's sessions: it holds exactly the survivors' ones.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cluster.metric(0, "aviary_cluster_sessions"))
                    .isEqualTo(
                        cluster.metric(0, "aviary_sessions")
                            + cluster.metric(1, "aviary_sessions")));

    cluster.restart(2);
    cluster.awaitMembers(3, 0, 1, 2);
    // The restarted node starts empty and loads retained messages from the cluster's map.
    Mqtt5BlockingClient reader = connect(org, "state-reader-2", 2);
    try (var received = reader.publishes(MqttGlobalPublishFilter.ALL)) {
      reader.subscribeWith().topicFilter(run + "/heal/state").qos(MqttQos.AT_LEAST_ONCE).send();
      assertThat(next(received).getPayloadAsBytes())
          .isEqualTo("kept".getBytes(StandardCharsets.UTF_8));
    }
    Mqtt5BlockingClient back = connect(org, "back-sub", 2);
    try (var atBack = back.publishes(MqttGlobalPublishFilter.ALL)) {
      back.subscribeWith().topicFilter(run + "/heal/live/#").qos(MqttQos.AT_LEAST_ONCE).send();
      awaitRoute(pub, run + "/heal/live/probe", atBack);
      pub.publishWith()
          .topic(run + "/heal/live/after")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("healed".getBytes(StandardCharsets.UTF_8))
          .send();
      assertThat(next(atBack).getPayloadAsBytes())
          .isEqualTo("healed".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyMessageAcknowledgedByANodeThatIsKilledIsDelivered() throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    Mqtt5BlockingClient sub = connect(org, "loss-sub", 0);
    sub.toAsync()
        .subscribeWith()
        .topicFilter(run + "/loss/#")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
        .send()
        .get(10, TimeUnit.SECONDS);
    // The publisher has a persistent session on the node that is killed.
    String pubId = "loss-pub-" + run;
    CompletableFuture<Void> cutOff = new CompletableFuture<>();
    Mqtt5BlockingClient pub =
        builder(org, pubId, cluster.mqttPort(2))
            .addDisconnectedListener(ctx -> cutOff.complete(null))
            .buildBlocking();
    pub.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              pub.publishWith().topic(run + "/loss/probe").qos(MqttQos.AT_MOST_ONCE).send();
              return received.contains("");
            });

    // Node 2 is killed while its client publishes; what it acknowledged must reach node 0.
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    for (int k = 0; k < 3000; k++) {
      String id = "m" + k;
      pub.toAsync()
          .publishWith()
          .topic(run + "/loss/data")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(id.getBytes(StandardCharsets.UTF_8))
          .send()
          .thenAccept(
              r -> {
                if (r.getError().isEmpty()
                    && r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                    && !q1.getPubAck().getReasonCode().isError()) {
                  acknowledged.add(id);
                }
              });
      if (k == 500) {
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 200);
        cluster.node(2).kill();
      }
    }
    // Once the connection is gone no acknowledgement can come; the client keeps the unanswered
    // publishes of its persistent session pending.
    cutOff.get(30, TimeUnit.SECONDS);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);

    // It reconnects to a surviving node, finds its session and goes on publishing.
    Mqtt5BlockingClient again = builder(org, pubId, cluster.mqttPort(1)).buildBlocking();
    clients.add(again);
    assertThat(again.connectWith().cleanStart(false).sessionExpiryInterval(600).send())
        .matches(Mqtt5ConnAck::isSessionPresent, "session present");
    for (int k = 0; k < 100; k++) {
      String id = "again" + k;
      Mqtt5PublishResult r =
          again
              .publishWith()
              .topic(run + "/loss/data")
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(id.getBytes(StandardCharsets.UTF_8))
              .send();
      if (r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
          && !q1.getPubAck().getReasonCode().isError()) {
        acknowledged.add(id);
      }
    }
    assertThat(acknowledged).contains("again99");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(received).containsAll(acknowledged));
    again.disconnectWith().sessionExpiryInterval(0).send();

    cluster.restart(2);
    cluster.awaitMembers(3, 0, 1, 2);
  }

  @Test
  void aPersistentSessionOnAKilledNodeGetsEveryAcknowledgedMessageOnAnotherNode() throws Exception {
    String id = "durable-" + run;
    Set<String> received = ConcurrentHashMap.newKeySet();
    CompletableFuture<Void> cutOff = new CompletableFuture<>();
    Mqtt5BlockingClient sub =
        builder(org, id, cluster.mqttPort(2))
            .addDisconnectedListener(ctx -> cutOff.complete(null))
            .buildBlocking();
    sub.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
    sub.toAsync()
        .subscribeWith()
        .topicFilter(run + "/durable/#")
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
        .send()
        .get(10, TimeUnit.SECONDS);
    Mqtt5BlockingClient pub = connect(org, "durable-pub", 0);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              pub.publishWith().topic(run + "/durable/probe").qos(MqttQos.AT_MOST_ONCE).send();
              return received.contains("");
            });

    // The subscriber's node is killed while messages stream to it. A PUBACK means the message is
    // in the session's copy in the cluster, so it must reach the client on another node.
    double recoveredBefore = recovered();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<?>> sent = new ArrayList<>();
    // Fewer than a session queues (1,000) wait for the client: none is dropped for want of space.
    for (int k = 0; k < 900; k++) {
      String m = "m" + k;
      sent.add(
          pub.toAsync()
              .publishWith()
              .topic(run + "/durable/data")
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(m.getBytes(StandardCharsets.UTF_8))
              .send()
              .thenAccept(
                  r -> {
                    if (r.getError().isEmpty()
                        && r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                        && q1.getPubAck().getReasonCode()
                            == com.hivemq.client.mqtt.mqtt5.message.publish.puback
                                .Mqtt5PubAckReasonCode.SUCCESS) {
                      acknowledged.add(m);
                    }
                  }));
      if (k == 400) {
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 200);
        cluster.node(2).kill();
      }
    }
    cutOff.get(30, TimeUnit.SECONDS);
    CompletableFuture.allOf(
            sent.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
        .get(60, TimeUnit.SECONDS);
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);

    // While the client is away, a surviving node holds its session from the cluster's copy:
    // messages published now are queued for it.
    cluster.awaitMembers(2, 0, 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              String m = "away-" + acknowledged.size();
              Mqtt5PublishResult r =
                  pub.publishWith()
                      .topic(run + "/durable/data")
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(m.getBytes(StandardCharsets.UTF_8))
                      .send();
              boolean ok =
                  r instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                      && q1.getPubAck().getReasonCode()
                          == com.hivemq.client.mqtt.mqtt5.message.publish.puback
                              .Mqtt5PubAckReasonCode.SUCCESS;
              if (ok) {
                acknowledged.add(m);
              }
              return ok;
            });
    assertThat(recovered() - recoveredBefore).isEqualTo(1.0); // held by one survivor

    // The client comes back on node 1, as a client does after losing its node.
    Mqtt5BlockingClient back = builder(org, id, cluster.mqttPort(1)).buildBlocking();
    clients.add(back);
    back.toAsync()
        .publishes(
            MqttGlobalPublishFilter.ALL,
            p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
    Mqtt5ConnAck ack = back.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
    assertThat(ack.isSessionPresent()).isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(received).containsAll(acknowledged));
    back.disconnectWith().sessionExpiryInterval(0).send();

    cluster.restart(2);
    cluster.awaitMembers(3, 0, 1, 2);
  }

  /** Sessions nodes 0 and 1 took from the cluster's copy. */
  private static double recovered() throws Exception {
    return cluster.metric(0, "aviary_cluster_sessions_recovered_total")
        + cluster.metric(1, "aviary_cluster_sessions_recovered_total");
  }

  /**
   * Publishes QoS 0 probes to {@code topic} until every one of {@code subscribers} has one, then
   * drains the probes still on their way.
   */
  @SafeVarargs
  private static void awaitRoute(
      Mqtt5BlockingClient publisher,
      String topic,
      Mqtt5BlockingClient.Mqtt5Publishes... subscribers) {
    boolean[] got = new boolean[subscribers.length];
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              publisher.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).send();
              for (int i = 0; i < subscribers.length; i++) {
                if (!got[i]) {
                  got[i] = subscribers[i].receive(100, TimeUnit.MILLISECONDS).isPresent();
                }
              }
              assertThat(got).containsOnly(true);
            });
    for (Mqtt5BlockingClient.Mqtt5Publishes s : subscribers) {
      try {
        while (s.receive(300, TimeUnit.MILLISECONDS)
            .filter(p -> p.getTopic().toString().equals(topic))
            .isPresent()) {
          // a late probe
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Mqtt5Publish next(Mqtt5BlockingClient.Mqtt5Publishes publishes)
      throws InterruptedException {
    return publishes
        .receive(10, TimeUnit.SECONDS)
        .orElseThrow(() -> new AssertionError("nothing arrived within 10 s"));
  }

  /** A client on node 2 with a will to {@code run/heal-wills/{name}}. */
  private Mqtt5BlockingClient withWill(
      String clientId, String name, long sessionExpiry, long willDelay) {
    Mqtt5BlockingClient c =
        builder(org, clientId, cluster.mqttPort(2))
            .willPublish()
            .topic(run + "/heal-wills/" + name)
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(name.getBytes(StandardCharsets.UTF_8))
            .delayInterval(willDelay)
            .applyWillPublish()
            .buildBlocking();
    c.connectWith().sessionExpiryInterval(sessionExpiry).send();
    clients.add(c);
    return c;
  }

  private static double willsTaken() throws Exception {
    return cluster.metric(0, "aviary_cluster_wills_taken_total")
        + cluster.metric(1, "aviary_cluster_wills_taken_total");
  }

  private Mqtt5BlockingClient connect(TestOrgs.HsOrg o, String clientId, int node) {
    Mqtt5BlockingClient c = builder(o, clientId, cluster.mqttPort(node)).buildBlocking();
    c.connect();
    clients.add(c);
    return c;
  }

  private static com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder builder(
      TestOrgs.HsOrg o, String clientId, int port) {
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier(clientId)
        .serverHost("127.0.0.1")
        .serverPort(port)
        .simpleAuth()
        .username(o.username(clientId))
        .password(o.token(clientId).getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth();
  }
}
