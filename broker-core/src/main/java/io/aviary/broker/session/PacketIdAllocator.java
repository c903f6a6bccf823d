package io.aviary.broker.session;

import java.util.BitSet;

/**
 * Packet identifiers 1..65535 for one session's outbound QoS 1 and 2 messages, never handing out
 * one that is still in flight [MQTT-2.2.1-3]. Not thread-safe: used on the session's own thread.
 */
public final class PacketIdAllocator {
  static final int MAX_ID = 65_535;

  // Grows with the ids actually used: an idle session costs a few bytes, not 8 KB.
  private final BitSet inUse = new BitSet();
  private int last;
  private int count;

  /**
   * The next free identifier after the last one given out.
   *
   * @return an id in 1..65535, or 0 if all are in use
   */
  public int allocate() {
    if (count == MAX_ID) {
      return 0;
    }
    int candidate = inUse.nextClearBit(last + 1);
    if (candidate > MAX_ID) {
      candidate = inUse.nextClearBit(1);
    }
    inUse.set(candidate);
    last = candidate;
    count++;
    return candidate;
  }

  /** Marks {@code id} in use again, when a session's in-flight messages are restored. */
  public void claim(int id) {
    checkRange(id);
    if (!inUse.get(id)) {
      inUse.set(id);
      count++;
    }
  }

  public void release(int id) {
    checkRange(id);
    if (inUse.get(id)) {
      inUse.clear(id);
      count--;
    }
  }

  public boolean isInUse(int id) {
    return id >= 1 && id <= MAX_ID && inUse.get(id);
  }

  public int inUseCount() {
    return count;
  }

  private static void checkRange(int id) {
    if (id < 1 || id > MAX_ID) {
      throw new IllegalArgumentException("packet id out of range: " + id);
    }
  }
}
