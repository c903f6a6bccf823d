package io.aviary.node.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;

/**
 * Removes a will from the cluster's will map if it is still the one the connection of registry
 * entry {@code entry} copied there, not a newer connection's; returns it, or null. Runs where the
 * will lives.
 */
record WillRemoval(String entry) implements EntryProcessor<String, byte[], byte[]> {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public byte[] process(Map.Entry<String, byte[]> will) {
    byte[] copy = will.getValue();
    if (copy == null || !Wire.willEntry(copy).equals(entry)) {
      return null;
    }
    will.setValue(null);
    return copy;
  }
}
