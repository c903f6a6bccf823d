package io.aviary.loadgen;

import java.nio.ByteBuffer;

/**
 * The payload layout: an 8-byte big-endian sequence number, then an 8-byte {@link
 * System#nanoTime()} send timestamp, then zero padding up to the configured size.
 */
public final class Payload {

  /** The smallest payload that can carry the sequence number and timestamp. */
  public static final int MIN_SIZE = 16;

  private Payload() {}

  /** Builds a payload of {@code size} bytes carrying {@code seq} and {@code sendNanos}. */
  public static byte[] encode(long seq, long sendNanos, int size) {
    if (size < MIN_SIZE) {
      throw new IllegalArgumentException("payload size " + size + " < " + MIN_SIZE);
    }
    byte[] bytes = new byte[size];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.putLong(0, seq);
    buffer.putLong(8, sendNanos);
    return bytes;
  }

  /** Whether {@code payload} is long enough to be decoded. */
  public static boolean isDecodable(ByteBuffer payload) {
    return payload.remaining() >= MIN_SIZE;
  }

  /** The sequence number of a payload (absolute read, the buffer position is not moved). */
  public static long sequence(ByteBuffer payload) {
    return payload.getLong(payload.position());
  }

  /** The send timestamp of a payload (absolute read, the buffer position is not moved). */
  public static long sendNanos(ByteBuffer payload) {
    return payload.getLong(payload.position() + 8);
  }
}
