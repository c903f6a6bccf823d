package io.aviary.benchmarks;

import io.aviary.broker.routing.RouteCollector;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cluster route table's cost on one node of three, with 100,000 device subscriptions ({@code
 * devices/{d}/cmd}, one per device) spread evenly over the nodes: this node holds a third in its
 * own subscription index and the other two thirds as routes (a node id per filter) in the route
 * table, and matches every PUBLISH against both, as {@code Router.route} does.
 *
 * <p>{@code routeLocalHit} publishes to a device of this node, {@code routeRemoteHit} to one of
 * another node, {@code routeMiss} to no one; {@code singleNode} is the same lookup on one node that
 * holds all 100,000 itself. {@code routeChange} adds and removes one route, the work a node does
 * for another node's first subscription to a filter and its last unsubscribe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteTableBenchmark {
  static final String[] OTHER_NODES = {"node-1", "node-2"};
  static final SubscriptionOptions OPTIONS = SubscriptionOptions.qos(1);

  @Param({"100000"})
  int subscriptions;

  SubscriptionIndex<Integer> local;
  SubscriptionIndex<String> routes;
  SubscriptionIndex<Integer> singleNode;
  RouteCollector<Integer> localCollector;
  RouteCollector<String> remoteCollector;
  TopicName localTopic;
  TopicName remoteTopic;
  TopicName missTopic;
  SubscriptionFilter changing;

  @Setup(Level.Trial)
  public void setUp() {
    local = new SubscriptionIndex<>();
    singleNode = new SubscriptionIndex<>();
    routes = build(subscriptions, local);
    for (int d = 0; d < subscriptions; d++) {
      singleNode.subscribe(d, filter(d), OPTIONS);
    }
    localCollector = new RouteCollector<>();
    remoteCollector = new RouteCollector<>();
    localTopic = TopicName.parse("devices/3/cmd"); // d % 3 == 0: this node
    remoteTopic = TopicName.parse("devices/4/cmd");
    missTopic = TopicName.parse("devices/none/cmd");
    changing = SubscriptionFilter.parse("devices/new/cmd");
    check(localTopic, 1, 0);
    check(remoteTopic, 0, 1);
    check(missTopic, 0, 0);
  }

  /**
   * Spreads {@code n} device subscriptions over three nodes: device d belongs to node d % 3, node 0
   * being this one. Returns the route table; fills {@code local}.
   */
  static SubscriptionIndex<String> build(int n, SubscriptionIndex<Integer> local) {
    SubscriptionIndex<String> routes = new SubscriptionIndex<>();
    for (int d = 0; d < n; d++) {
      int node = d % 3;
      if (node == 0) {
        local.subscribe(d, filter(d), OPTIONS);
      } else {
        routes.subscribe(OTHER_NODES[node - 1], filter(d), OPTIONS);
      }
    }
    return routes;
  }

  static SubscriptionFilter filter(int device) {
    return SubscriptionFilter.parse("devices/" + device + "/cmd");
  }

  @Benchmark
  public int routeLocalHit() {
    return route(localTopic);
  }

  @Benchmark
  public int routeRemoteHit() {
    return route(remoteTopic);
  }

  @Benchmark
  public int routeMiss() {
    return route(missTopic);
  }

  @Benchmark
  public int singleNode() {
    singleNode.match(localTopic, localCollector.reset(null));
    return localCollector.size();
  }

  @Benchmark
  public boolean routeChange() {
    routes.subscribe("node-1", changing, OPTIONS);
    return routes.unsubscribe("node-1", changing);
  }

  private int route(TopicName topic) {
    local.match(topic, localCollector.reset(null));
    routes.match(topic, remoteCollector.reset(null));
    return localCollector.size() + remoteCollector.size();
  }

  private void check(TopicName topic, int locals, int nodes) {
    route(topic);
    if (localCollector.size() != locals || remoteCollector.size() != nodes) {
      throw new IllegalStateException(
          topic
              + " matched "
              + localCollector.size()
              + " local and "
              + remoteCollector.size()
              + " remote routes");
    }
  }
}
