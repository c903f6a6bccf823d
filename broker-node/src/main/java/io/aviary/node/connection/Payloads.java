package io.aviary.node.connection;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/** Turns an inbound payload into the byte array a {@code Message} shares with every delivery. */
final class Payloads {
  private Payloads() {}

  /**
   * The payload bytes. vertx-mqtt already copied the payload into a fresh, exactly sized heap
   * buffer; when that is what we got, its array is used as is instead of copied again.
   */
  static byte[] bytes(Buffer buffer) {
    ByteBuf buf = buffer.getByteBuf();
    if (buf.hasArray()
        && buf.arrayOffset() == 0
        && buf.readerIndex() == 0
        && buf.array().length == buf.readableBytes()) {
      return buf.array();
    }
    return buffer.getBytes();
  }
}
