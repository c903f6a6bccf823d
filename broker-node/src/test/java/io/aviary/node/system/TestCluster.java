package io.aviary.node.system;

import static org.awaitility.Awaitility.await;

import io.aviary.node.it.tenancy.TenancyProfile;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Broker nodes in separate JVMs on 127.0.0.1 forming one cluster over a static member list, with
 * organizations from {@link TenancyProfile#ORGS_DIR}. Plain MQTT on loopback (dev mode) keeps the
 * clients simple; the cluster is the subject.
 */
final class TestCluster implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<BrokerProcess> nodes = new ArrayList<>();
  private final int[] clusterPorts;
  private final String members;

  private final Map<String, String> extraEnv;

  TestCluster(int size) throws IOException {
    this(size, Map.of());
  }

  /** With {@code extraEnv} added to every node's environment. */
  TestCluster(int size, Map<String, String> extraEnv) throws IOException {
    this.extraEnv = Map.copyOf(extraEnv);
    clusterPorts = new int[size];
    for (int i = 0; i < size; i++) {
      clusterPorts[i] = freePort();
    }
    members =
        java.util.Arrays.stream(clusterPorts)
            .mapToObj(p -> "127.0.0.1:" + p)
            .collect(Collectors.joining(","));
  }

  /** Starts every node and waits until each sees all of them and is ready. */
  TestCluster start() throws Exception {
    try {
      for (int i = 0; i < clusterPorts.length; i++) {
        nodes.add(BrokerProcess.start(env(i)));
      }
      for (BrokerProcess node : nodes) {
        node.awaitStarted();
      }
      awaitMembers(clusterPorts.length, nodes);
      return this;
    } catch (Exception | AssertionError e) {
      close(); // no node outlives a cluster that did not come up
      throw e;
    }
  }

  /** Starts node {@code i} again (after {@link BrokerProcess#kill}), on its membership port. */
  BrokerProcess restart(int i) throws Exception {
    BrokerProcess node = BrokerProcess.start(env(i)).awaitStarted();
    nodes.set(i, node);
    return node;
  }

  private Map<String, String> env(int i) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("AVIARY_DEV_MODE", "true");
    env.put("AVIARY_TENANCY_ANONYMOUS_ORG", "");
    env.put("AVIARY_TENANCY_ORGS_DIR", TenancyProfile.ORGS_DIR.toString());
    env.put("AVIARY_DATA_DIR", Files.createTempDirectory("aviary-cluster-" + i).toString());
    env.put("AVIARY_NODE_ID", "node-" + i);
    env.put("AVIARY_CLUSTER_ENABLED", "true");
    env.put("AVIARY_CLUSTER_NAME", "test-" + clusterPorts[0]);
    env.put("AVIARY_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
    env.put("AVIARY_CLUSTER_BUS_PORT", "0");
    env.put("AVIARY_CLUSTER_MEMBERS", members);
    // A killed node is noticed sooner than the production default, for the node-loss tests.
    env.put("AVIARY_CLUSTER_FAILURE_TIMEOUT", "4s");
    env.putAll(extraEnv);
    return env;
  }

  BrokerProcess node(int i) {
    return nodes.get(i);
  }

  int mqttPort(int i) {
    return nodes.get(i).port("mqtt");
  }

  /** Waits until every one of {@code live} is ready and sees {@code count} members. */
  static void awaitMembers(int count, List<BrokerProcess> live) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> live.stream().allMatch(n -> readyWith(n, count)));
  }

  void awaitMembers(int count, int... indexes) {
    List<BrokerProcess> live = new ArrayList<>();
    for (int i : indexes) {
      live.add(nodes.get(i));
    }
    awaitMembers(count, live);
  }

  private static boolean readyWith(BrokerProcess node, int count) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + node.port("http") + "/q/health/ready"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return false;
      }
      return new JsonObject(r.body())
          .getJsonArray("checks").stream()
              .map(JsonObject.class::cast)
              .anyMatch(
                  c ->
                      c.getString("name").equals("cluster")
                          && c.getJsonObject("data").getInteger("members") == count);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The value of a metric (without labels) on node {@code i}, from its Prometheus endpoint. */
  double metric(int i, String name) throws Exception {
    String body =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node(i).port("http") + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return body.lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not among node " + i + "'s metrics"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    nodes.forEach(BrokerProcess::close);
  }
}
