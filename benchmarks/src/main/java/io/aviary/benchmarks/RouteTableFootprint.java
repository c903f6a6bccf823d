package io.aviary.benchmarks;

import io.aviary.broker.routing.SubscriptionIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap a node's cluster route table takes for the other nodes' share of 100,000 subscriptions
 * spread over three nodes ({@link RouteTableBenchmark}'s shape): used heap after a full collection,
 * before and after building it, the median of five builds.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.aviary.benchmarks.RouteTableFootprint</pre>
 */
public final class RouteTableFootprint {
  private RouteTableFootprint() {}

  public static void main(String[] args) {
    int subscriptions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long[] bytes = new long[5];
    for (int run = 0; run < bytes.length; run++) {
      long before = usedAfterGc();
      SubscriptionIndex<Integer> local = new SubscriptionIndex<>();
      SubscriptionIndex<String> routes = RouteTableBenchmark.build(subscriptions, local);
      // The local index is part of the node anyway; measure the route table alone.
      local = null;
      long after = usedAfterGc();
      bytes[run] = after - before;
      if (routes.size() == 0) {
        throw new IllegalStateException("no routes built");
      }
    }
    java.util.Arrays.sort(bytes);
    long median = bytes[bytes.length / 2];
    int routeCount = subscriptions - (subscriptions + 2) / 3;
    System.out.printf(
        "route table for %,d of %,d subscriptions over 3 nodes: %,d bytes (%.0f bytes per route)%n",
        routeCount, subscriptions, median, (double) median / routeCount);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
