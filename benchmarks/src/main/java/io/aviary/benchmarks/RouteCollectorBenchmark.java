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
 * A full routing step for one PUBLISH: match in the index and merge into per-subscriber routes.
 * Each subscriber holds three overlapping subscriptions ({@code a/b/c}, {@code a/+/c}, {@code a/#},
 * each with a Subscription Identifier), so every route is merged twice. {@code subscribers} of 4
 * keeps the collector on its linear scan; 64 puts it on its hash map.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteCollectorBenchmark {
  @Param({"4", "64"})
  int subscribers;

  SubscriptionIndex<String> index;
  RouteCollector<String> routes;
  TopicName topic;

  @Setup(Level.Trial)
  public void setUp() {
    index = new SubscriptionIndex<>();
    String[] filters = {"a/b/c", "a/+/c", "a/#"};
    for (int s = 0; s < subscribers; s++) {
      for (int f = 0; f < filters.length; f++) {
        index.subscribe(
            "client-" + s,
            SubscriptionFilter.parse(filters[f]),
            new SubscriptionOptions(f % 3, false, false, 0, f + 1));
      }
    }
    routes = new RouteCollector<>();
    topic = TopicName.parse("a/b/c");
    if (route() != subscribers) {
      throw new IllegalStateException("routes: " + routes.size());
    }
  }

  @Benchmark
  public int route() {
    index.match(topic, routes.reset("publisher"));
    return routes.size();
  }
}
