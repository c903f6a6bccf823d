package io.aviary.acl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 network such as {@code 10.0.0.0/8}; a bare address is a /32 or /128. */
public final class Cidr {
  private final String text;
  private final byte[] network;
  private final int prefix;

  private Cidr(String text, byte[] network, int prefix) {
    this.text = text;
    this.network = network;
    this.prefix = prefix;
  }

  /**
   * Parses {@code text}; only numeric addresses, never a host name (no DNS lookup).
   *
   * @throws IllegalArgumentException with a sentence when it is not a network
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = numeric(address);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String bits = text.substring(slash + 1);
      if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
      }
      prefix = Integer.parseInt(bits);
      if (prefix > max) {
        throw new IllegalArgumentException(
            "'" + text + "' has a prefix longer than " + max + " bits");
      }
    }
    return new Cidr(text, mask(bytes, prefix), prefix);
  }

  /** Whether {@code address} lies in this network; an IPv4 address never lies in an IPv6 one. */
  public boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
    }
    return out;
  }

  private static byte[] numeric(String address) {
    boolean v4 = address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      return v4 && bytes.length != 4 ? null : bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}
