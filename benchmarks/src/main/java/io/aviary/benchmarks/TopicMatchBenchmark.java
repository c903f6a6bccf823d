package io.aviary.benchmarks;

import io.aviary.broker.routing.MatchVisitor;
import io.aviary.broker.routing.SharedGroup;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicFilter;
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
 * Match throughput of the subscription trie with a multi-tenant shape: per tenant, one exact
 * subscription per device ({@code tenant/{t}/device/{d}/telemetry}), plus, for most tenants, a
 * fleet-wide {@code tenant/{t}/device/+/telemetry} and an archiver on {@code tenant/{t}/#}.
 *
 * <p>{@code hit} matches three subscriptions (exact, '+' and '#'); {@code miss} walks three levels
 * into a tenant that has only exact subscriptions and matches none. Comparing {@code
 * subscriptions=1000} with {@code 100000} shows whether the cost grows with unrelated
 * subscriptions; it should not, since a match only walks the topic's own path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopicMatchBenchmark {
  /** Subscriptions per tenant: exact device subscriptions plus the two wildcards. */
  static final int PER_TENANT = 100;

  @Param({"1000", "100000"})
  int subscriptions;

  SubscriptionIndex<Integer> index;
  TopicName hit;
  TopicName miss;
  Counter counter;

  @Setup(Level.Trial)
  public void setUp() {
    index = new SubscriptionIndex<>();
    int tenants = subscriptions / PER_TENANT;
    SubscriptionOptions options = SubscriptionOptions.qos(1);
    int subscriber = 0;
    for (int t = 0; t < tenants; t++) {
      // Every tenth tenant has no wildcard subscriptions: its topics only match exactly.
      boolean wildcards = t % 10 != 0;
      int devices = wildcards ? PER_TENANT - 2 : PER_TENANT;
      for (int d = 0; d < devices; d++) {
        index.subscribe(
            subscriber++, filter("tenant/" + t + "/device/" + d + "/telemetry"), options);
      }
      if (wildcards) {
        index.subscribe(subscriber++, filter("tenant/" + t + "/device/+/telemetry"), options);
        index.subscribe(subscriber++, filter("tenant/" + t + "/#"), options);
      }
    }
    if (index.size() != subscriptions) {
      throw new IllegalStateException("built " + index.size() + " subscriptions");
    }
    hit = TopicName.parse("tenant/7/device/42/telemetry");
    miss = TopicName.parse("tenant/0/device/4242/telemetry");
    counter = new Counter();
    checkMatches(hit, 3);
    checkMatches(miss, 0);
  }

  @Benchmark
  public int hit() {
    counter.count = 0;
    index.match(hit, counter);
    return counter.count;
  }

  @Benchmark
  public int miss() {
    counter.count = 0;
    index.match(miss, counter);
    return counter.count;
  }

  private void checkMatches(TopicName topic, int expected) {
    Counter c = new Counter();
    index.match(topic, c);
    if (c.count != expected) {
      throw new IllegalStateException(topic + " matched " + c.count + ", expected " + expected);
    }
  }

  private static SubscriptionFilter filter(String value) {
    return SubscriptionFilter.parse(value);
  }

  /** Counts matches; its count is returned so the JIT cannot drop the match. */
  static final class Counter implements MatchVisitor<Integer> {
    int count;

    @Override
    public void subscriber(Integer subscriber, SubscriptionOptions options, TopicFilter filter) {
      count++;
    }

    @Override
    public void shared(SharedGroup<Integer> group) {
      count++;
    }
  }
}
