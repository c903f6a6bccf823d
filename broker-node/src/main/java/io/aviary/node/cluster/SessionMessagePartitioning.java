package io.aviary.node.cluster;

import com.hazelcast.partition.PartitionAware;
import com.hazelcast.partition.PartitioningStrategy;

/**
 * The cluster's partitioning of keys: a persistent session's message entries ({@code
 * m:incarnation:seq@org/client-id}) go to the partition of their session ({@code org/client-id}),
 * so one partition query finds them all; every other key partitions as Hazelcast's default does.
 *
 * <p>Set cluster-wide rather than on the message map, because Hazelcast 5.3's asynchronous map
 * operations ignore a map's own partitioning strategy.
 */
public final class SessionMessagePartitioning implements PartitioningStrategy<Object> {
  /** What a message entry's key starts with. */
  static final String PREFIX = "m:";

  @Override
  public Object getPartitionKey(Object key) {
    if (key instanceof String s && s.startsWith(PREFIX)) {
      int at = s.indexOf('@');
      return at < 0 ? null : s.substring(at + 1);
    }
    if (key instanceof PartitionAware<?> aware) {
      return aware.getPartitionKey();
    }
    return null; // the key itself
  }
}
