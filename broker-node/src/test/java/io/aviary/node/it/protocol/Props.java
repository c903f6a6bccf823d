package io.aviary.node.it.protocol;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MQTT 5 properties (section 2.2.2) in the order given: built for outbound packets (each value
 * encoded by the type its identifier has in the spec) and decoded from inbound ones.
 */
final class Props {
  static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
  static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
  static final int CONTENT_TYPE = 0x03;
  static final int RESPONSE_TOPIC = 0x08;
  static final int CORRELATION_DATA = 0x09;
  static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
  static final int SESSION_EXPIRY_INTERVAL = 0x11;
  static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
  static final int SERVER_KEEP_ALIVE = 0x13;
  static final int AUTHENTICATION_METHOD = 0x15;
  static final int AUTHENTICATION_DATA = 0x16;
  static final int REQUEST_PROBLEM_INFORMATION = 0x17;
  static final int WILL_DELAY_INTERVAL = 0x18;
  static final int REQUEST_RESPONSE_INFORMATION = 0x19;
  static final int RESPONSE_INFORMATION = 0x1A;
  static final int SERVER_REFERENCE = 0x1C;
  static final int REASON_STRING = 0x1F;
  static final int RECEIVE_MAXIMUM = 0x21;
  static final int TOPIC_ALIAS_MAXIMUM = 0x22;
  static final int TOPIC_ALIAS = 0x23;
  static final int MAXIMUM_QOS = 0x24;
  static final int RETAIN_AVAILABLE = 0x25;
  static final int USER_PROPERTY = 0x26;
  static final int MAXIMUM_PACKET_SIZE = 0x27;
  static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
  static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
  static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

  /** How a property's value is encoded. */
  enum Kind {
    BYTE,
    TWO_BYTE,
    FOUR_BYTE,
    VARINT,
    STRING,
    BINARY,
    PAIR
  }

  /** One property; {@code value} is an Integer, String, byte[] or Map.Entry of two Strings. */
  record Prop(int id, Object value) {}

  private final List<Prop> list = new ArrayList<>();

  static Props none() {
    return new Props();
  }

  Props put(int id, Object value) {
    list.add(new Prop(id, value));
    return this;
  }

  Props user(String key, String value) {
    return put(USER_PROPERTY, Map.entry(key, value));
  }

  List<Prop> all() {
    return List.copyOf(list);
  }

  boolean has(int id) {
    return list.stream().anyMatch(p -> p.id() == id);
  }

  /** The first value of an integer property, or null. */
  Integer integer(int id) {
    for (Prop p : list) {
      if (p.id() == id) {
        return (Integer) p.value();
      }
    }
    return null;
  }

  /** Every value of an integer property, in order (Subscription Identifiers). */
  List<Integer> integers(int id) {
    List<Integer> values = new ArrayList<>();
    for (Prop p : list) {
      if (p.id() == id) {
        values.add((Integer) p.value());
      }
    }
    return values;
  }

  String string(int id) {
    for (Prop p : list) {
      if (p.id() == id) {
        return (String) p.value();
      }
    }
    return null;
  }

  byte[] binary(int id) {
    for (Prop p : list) {
      if (p.id() == id) {
        return (byte[]) p.value();
      }
    }
    return null;
  }

  /** User properties in order, as {@code key=value} strings. */
  List<String> userProperties() {
    List<String> values = new ArrayList<>();
    for (Prop p : list) {
      if (p.id() == USER_PROPERTY) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, String> e = (Map.Entry<String, String>) p.value();
        values.add(e.getKey() + "=" + e.getValue());
      }
    }
    return values;
  }

  /** The encoded property block: Variable Byte Integer length, then the properties. */
  byte[] encode() {
    Bytes body = new Bytes();
    for (Prop p : list) {
      body.varint(p.id());
      switch (kind(p.id())) {
        case BYTE -> body.u8((Integer) p.value());
        case TWO_BYTE -> body.u16((Integer) p.value());
        case FOUR_BYTE -> body.u32(Integer.toUnsignedLong((Integer) p.value()));
        case VARINT -> body.varint((Integer) p.value());
        case STRING -> body.str((String) p.value());
        case BINARY -> body.bin((byte[]) p.value());
        case PAIR -> {
          @SuppressWarnings("unchecked")
          Map.Entry<String, String> e = (Map.Entry<String, String>) p.value();
          body.str(e.getKey()).str(e.getValue());
        }
      }
    }
    byte[] encoded = body.toArray();
    return new Bytes().varint(encoded.length).raw(encoded).toArray();
  }

  static Kind kind(int id) {
    return switch (id) {
      case PAYLOAD_FORMAT_INDICATOR,
          REQUEST_PROBLEM_INFORMATION,
          REQUEST_RESPONSE_INFORMATION,
          MAXIMUM_QOS,
          RETAIN_AVAILABLE,
          WILDCARD_SUBSCRIPTION_AVAILABLE,
          SUBSCRIPTION_IDENTIFIER_AVAILABLE,
          SHARED_SUBSCRIPTION_AVAILABLE ->
          Kind.BYTE;
      case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> Kind.TWO_BYTE;
      case MESSAGE_EXPIRY_INTERVAL,
          SESSION_EXPIRY_INTERVAL,
          WILL_DELAY_INTERVAL,
          MAXIMUM_PACKET_SIZE ->
          Kind.FOUR_BYTE;
      case SUBSCRIPTION_IDENTIFIER -> Kind.VARINT;
      case CONTENT_TYPE,
          RESPONSE_TOPIC,
          ASSIGNED_CLIENT_IDENTIFIER,
          AUTHENTICATION_METHOD,
          RESPONSE_INFORMATION,
          SERVER_REFERENCE,
          REASON_STRING ->
          Kind.STRING;
      case CORRELATION_DATA, AUTHENTICATION_DATA -> Kind.BINARY;
      case USER_PROPERTY -> Kind.PAIR;
      default ->
          throw new IllegalArgumentException("unknown property 0x" + Integer.toHexString(id));
    };
  }

  /** Decodes a property block (length first) from {@code in}. */
  static Props decode(ByteArrayInputStream in) {
    int length = Wire.readVarint(in);
    byte[] block = Wire.readN(in, length);
    ByteArrayInputStream b = new ByteArrayInputStream(block);
    Props props = new Props();
    while (b.available() > 0) {
      int id = Wire.readVarint(b);
      Object value =
          switch (kind(id)) {
            case BYTE -> Wire.readU8(b);
            case TWO_BYTE -> Wire.readU16(b);
            case FOUR_BYTE -> (int) Wire.readU32(b);
            case VARINT -> Wire.readVarint(b);
            case STRING -> Wire.readString(b);
            case BINARY -> Wire.readBinary(b);
            case PAIR -> Map.entry(Wire.readString(b), Wire.readString(b));
          };
      props.put(id, value);
    }
    return props;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (Prop p : list) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append("0x").append(Integer.toHexString(p.id())).append('=');
      s.append(
          p.value() instanceof byte[] bytes
              ? new String(bytes, StandardCharsets.UTF_8)
              : String.valueOf(p.value()));
    }
    return s.append('}').toString();
  }

  /** Reading primitives from a packet body. */
  static final class Wire {
    private Wire() {}

    static int readU8(ByteArrayInputStream in) {
      int v = in.read();
      if (v < 0) {
        throw new IllegalStateException("packet body ended early");
      }
      return v;
    }

    static int readU16(ByteArrayInputStream in) {
      return (readU8(in) << 8) | readU8(in);
    }

    static long readU32(ByteArrayInputStream in) {
      return ((long) readU16(in) << 16) | readU16(in);
    }

    static int readVarint(ByteArrayInputStream in) {
      int value = 0;
      int multiplier = 1;
      for (int i = 0; i < 4; i++) {
        int digit = readU8(in);
        value += (digit & 0x7F) * multiplier;
        if ((digit & 0x80) == 0) {
          return value;
        }
        multiplier *= 128;
      }
      throw new IllegalStateException("variable byte integer longer than 4 bytes");
    }

    static byte[] readN(ByteArrayInputStream in, int n) {
      byte[] data = new byte[n];
      int read = n == 0 ? 0 : in.read(data, 0, n);
      if (read != n) {
        throw new IllegalStateException("packet body ended early");
      }
      return data;
    }

    static byte[] readBinary(ByteArrayInputStream in) {
      return readN(in, readU16(in));
    }

    static String readString(ByteArrayInputStream in) {
      return new String(readBinary(in), StandardCharsets.UTF_8);
    }
  }
}
