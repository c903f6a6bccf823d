package io.aviary.node.it.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Encoders for MQTT 3.1.1 and 5 control packets, built from bytes so that tests can send exactly
 * what they mean, valid or not. {@code v5} selects the MQTT 5 layout (properties, reason codes).
 */
final class Packets {
  static final int CONNECT = 1;
  static final int CONNACK = 2;
  static final int PUBLISH = 3;
  static final int PUBACK = 4;
  static final int PUBREC = 5;
  static final int PUBREL = 6;
  static final int PUBCOMP = 7;
  static final int SUBSCRIBE = 8;
  static final int SUBACK = 9;
  static final int UNSUBSCRIBE = 10;
  static final int UNSUBACK = 11;
  static final int PINGREQ = 12;
  static final int PINGRESP = 13;
  static final int DISCONNECT = 14;
  static final int AUTH = 15;

  static final byte[] PINGREQ_BYTES = {(byte) 0xC0, 0x00};

  /** Subscription options byte (section 3.8.3.1). */
  static int options(int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
    return qos | (noLocal ? 0x04 : 0) | (retainAsPublished ? 0x08 : 0) | (retainHandling << 4);
  }

  private Packets() {}

  /** A packet from its first byte and body; the Remaining Length is computed. */
  static byte[] packet(int firstByte, byte[] body) {
    return new Bytes().u8(firstByte).varint(body.length).raw(body).toArray();
  }

  static String typeName(int type) {
    return switch (type) {
      case CONNECT -> "CONNECT";
      case CONNACK -> "CONNACK";
      case PUBLISH -> "PUBLISH";
      case PUBACK -> "PUBACK";
      case PUBREC -> "PUBREC";
      case PUBREL -> "PUBREL";
      case PUBCOMP -> "PUBCOMP";
      case SUBSCRIBE -> "SUBSCRIBE";
      case SUBACK -> "SUBACK";
      case UNSUBSCRIBE -> "UNSUBSCRIBE";
      case UNSUBACK -> "UNSUBACK";
      case PINGREQ -> "PINGREQ";
      case PINGRESP -> "PINGRESP";
      case DISCONNECT -> "DISCONNECT";
      case AUTH -> "AUTH";
      default -> "reserved(" + type + ")";
    };
  }

  /** CONNECT, built field by field. */
  static final class Connect {
    private final boolean v5;
    private final String clientId;
    private boolean cleanStart = true;
    private int keepAlive = 60;
    private Props props = Props.none();
    private String willTopic;
    private byte[] willPayload;
    private int willQos;
    private boolean willRetain;
    private Props willProps = Props.none();
    private String username;
    private byte[] password;

    Connect(boolean v5, String clientId) {
      this.v5 = v5;
      this.clientId = clientId;
    }

    Connect cleanStart(boolean value) {
      this.cleanStart = value;
      return this;
    }

    Connect keepAlive(int seconds) {
      this.keepAlive = seconds;
      return this;
    }

    Connect props(Props value) {
      this.props = value;
      return this;
    }

    Connect will(String topic, byte[] payload, int qos, boolean retain, Props properties) {
      this.willTopic = topic;
      this.willPayload = payload;
      this.willQos = qos;
      this.willRetain = retain;
      this.willProps = properties;
      return this;
    }

    Connect credentials(String user, byte[] pass) {
      this.username = user;
      this.password = pass;
      return this;
    }

    byte[] build() {
      int flags = cleanStart ? 0x02 : 0;
      if (willTopic != null) {
        flags |= 0x04 | (willQos << 3) | (willRetain ? 0x20 : 0);
      }
      if (username != null) {
        flags |= 0x80;
      }
      if (password != null) {
        flags |= 0x40;
      }
      Bytes b = new Bytes().str("MQTT").u8(v5 ? 5 : 4).u8(flags).u16(keepAlive);
      if (v5) {
        b.raw(props.encode());
      }
      b.str(clientId);
      if (willTopic != null) {
        if (v5) {
          b.raw(willProps.encode());
        }
        b.str(willTopic).bin(willPayload);
      }
      if (username != null) {
        b.str(username);
      }
      if (password != null) {
        b.bin(password);
      }
      return packet(0x10, b.toArray());
    }
  }

  static byte[] publish(
      boolean v5,
      String topic,
      int qos,
      boolean retain,
      int packetId,
      Props props,
      byte[] payload) {
    return publishRawTopic(
        v5, topic.getBytes(StandardCharsets.UTF_8), qos, retain, packetId, props, payload);
  }

  /** PUBLISH with the topic given as raw bytes (which may be ill-formed UTF-8). */
  static byte[] publishRawTopic(
      boolean v5,
      byte[] topic,
      int qos,
      boolean retain,
      int packetId,
      Props props,
      byte[] payload) {
    Bytes b = new Bytes().bin(topic);
    if (qos > 0) {
      b.u16(packetId);
    }
    if (v5) {
      b.raw(props.encode());
    }
    b.raw(payload);
    return packet(0x30 | (qos << 1) | (retain ? 1 : 0), b.toArray());
  }

  /** One topic filter and its options byte for SUBSCRIBE. */
  record Sub(String filter, int options) {}

  static byte[] subscribe(boolean v5, int packetId, Props props, Sub... subs) {
    Bytes b = new Bytes().u16(packetId);
    if (v5) {
      b.raw(props.encode());
    }
    for (Sub s : subs) {
      b.str(s.filter()).u8(s.options());
    }
    return packet(0x82, b.toArray());
  }

  static byte[] unsubscribe(boolean v5, int packetId, String... filters) {
    Bytes b = new Bytes().u16(packetId);
    if (v5) {
      b.raw(Props.none().encode());
    }
    for (String f : filters) {
      b.str(f);
    }
    return packet(0xA2, b.toArray());
  }

  /** PUBACK, PUBREC or PUBCOMP (success, no reason code: valid in both versions). */
  static byte[] ack(int type, int packetId) {
    return packet(type << 4, new Bytes().u16(packetId).toArray());
  }

  static byte[] pubrel(int packetId) {
    return packet(0x62, new Bytes().u16(packetId).toArray());
  }

  static byte[] disconnect(boolean v5, int reasonCode, Props props) {
    if (!v5) {
      return new byte[] {(byte) 0xE0, 0x00};
    }
    Bytes b = new Bytes().u8(reasonCode).raw(props.encode());
    return packet(0xE0, b.toArray());
  }
}
