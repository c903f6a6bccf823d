package io.aviary.benchmarks;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.retained.InMemoryRetainedStore;
import io.aviary.broker.retained.RetainedStore;
import io.aviary.broker.topic.TopicFilter;
import io.aviary.broker.topic.TopicName;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * The retained-message lookup a SUBSCRIBE does: one filter against 100,000 retained topics ({@code
 * tenant/{t}/device/{d}/telemetry}, 1,000 tenants of 100 devices). Each filter shape visits a
 * different part of the trie:
 *
 * <ul>
 *   <li>{@code exact}: one topic, one path
 *   <li>{@code devicePlus}: {@code tenant/7/device/+/telemetry}, 100 matches in one tenant
 *   <li>{@code tenantHash}: {@code tenant/7/#}, 100 matches in one tenant
 *   <li>{@code tenantPlus}: {@code tenant/+/device/42/telemetry}, 1,000 matches across tenants
 *   <li>{@code none}: {@code tenant/7/device/+/status}, walks 100 devices and matches nothing
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RetainedMatchBenchmark {
  static final int TENANTS = 1_000;
  static final int DEVICES = 100;
  static final long NOW = 1_000_000L;

  @Param({"exact", "devicePlus", "tenantHash", "tenantPlus", "none"})
  String shape;

  RetainedStore store;
  TopicFilter filter;
  Counter counter;

  @Setup(Level.Trial)
  public void setUp() {
    store = new InMemoryRetainedStore(TENANTS * DEVICES);
    byte[] payload = "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8);
    for (int t = 0; t < TENANTS; t++) {
      for (int d = 0; d < DEVICES; d++) {
        TopicName topic = TopicName.parse("tenant/" + t + "/device/" + d + "/telemetry");
        store.retain(new Message(topic, payload, 1, true, PublishProperties.NONE, 0, null));
      }
    }
    if (store.size() != TENANTS * DEVICES) {
      throw new IllegalStateException("stored " + store.size());
    }
    String value;
    int expected;
    switch (shape) {
      case "exact" -> {
        value = "tenant/7/device/42/telemetry";
        expected = 1;
      }
      case "devicePlus" -> {
        value = "tenant/7/device/+/telemetry";
        expected = DEVICES;
      }
      case "tenantHash" -> {
        value = "tenant/7/#";
        expected = DEVICES;
      }
      case "tenantPlus" -> {
        value = "tenant/+/device/42/telemetry";
        expected = TENANTS;
      }
      case "none" -> {
        value = "tenant/7/device/+/status";
        expected = 0;
      }
      default -> throw new IllegalArgumentException(shape);
    }
    filter = TopicFilter.parse(value);
    counter = new Counter();
    store.match(filter, NOW, counter);
    if (counter.count != expected) {
      throw new IllegalStateException(value + " matched " + counter.count);
    }
  }

  @Benchmark
  public int match() {
    counter.count = 0;
    store.match(filter, NOW, counter);
    return counter.count;
  }

  /** Counts messages; the count is returned so the JIT cannot drop the walk. */
  static final class Counter implements Consumer<Message> {
    int count;

    @Override
    public void accept(Message message) {
      count++;
    }
  }
}
