package io.aviary.node.it.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds MQTT wire bytes by hand: big-endian integers, Variable Byte Integers, length-prefixed
 * strings and binary data. Nothing is validated, so malformed packets are as easy to build as
 * correct ones.
 */
final class Bytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Bytes u8(int v) {
    out.write(v & 0xFF);
    return this;
  }

  Bytes u16(int v) {
    out.write((v >>> 8) & 0xFF);
    out.write(v & 0xFF);
    return this;
  }

  Bytes u32(long v) {
    out.write((int) (v >>> 24) & 0xFF);
    out.write((int) (v >>> 16) & 0xFF);
    out.write((int) (v >>> 8) & 0xFF);
    out.write((int) v & 0xFF);
    return this;
  }

  /** A Variable Byte Integer (MQTT 5 section 1.5.5). */
  Bytes varint(int v) {
    return raw(varintBytes(v));
  }

  /** A UTF-8 Encoded String: two-byte length, then the UTF-8 bytes. */
  Bytes str(String s) {
    return bin(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Binary Data (or a string given as raw, possibly ill-formed, bytes): two-byte length first. */
  Bytes bin(byte[] data) {
    u16(data.length);
    return raw(data);
  }

  Bytes raw(byte[] data) {
    out.write(data, 0, data.length);
    return this;
  }

  Bytes raw(int... values) {
    for (int v : values) {
      out.write(v & 0xFF);
    }
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] toArray() {
    return out.toByteArray();
  }

  static byte[] varintBytes(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative variable byte integer " + value);
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(4);
    int v = value;
    do {
      int digit = v % 128;
      v /= 128;
      if (v > 0) {
        digit |= 0x80;
      }
      b.write(digit);
    } while (v > 0);
    return b.toByteArray();
  }

  /** Hex dump for failure messages, e.g. {@code 30 0a 00 03}. */
  static String hex(byte[] data, int max) {
    StringBuilder s = new StringBuilder();
    int n = Math.min(data.length, max);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(String.format("%02x", data[i] & 0xFF));
    }
    if (data.length > n) {
      s.append(" ... (").append(data.length).append(" bytes)");
    }
    return s.toString();
  }
}
