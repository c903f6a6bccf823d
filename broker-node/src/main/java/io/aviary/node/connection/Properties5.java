package io.aviary.node.connection;

import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.message.UserProperty;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes MQTT 5 properties (Netty's representation) for the connection. */
final class Properties5 {
  private Properties5() {}

  /** An integer property, or {@code absent}. */
  static int integer(MqttProperties props, MqttPropertyType type, int absent) {
    MqttProperty<?> p = props.getProperty(type.value());
    return p == null ? absent : (Integer) p.value();
  }

  static boolean has(MqttProperties props, MqttPropertyType type) {
    return props.getProperty(type.value()) != null;
  }

  static String string(MqttProperties props, MqttPropertyType type) {
    MqttProperty<?> p = props.getProperty(type.value());
    return p == null ? null : (String) p.value();
  }

  /** A binary property, or null. */
  static byte[] binary(MqttProperties props, MqttPropertyType type) {
    MqttProperty<?> p = props.getProperty(type.value());
    return p == null ? null : (byte[]) p.value();
  }

  /** The properties of an inbound PUBLISH (or will) that are forwarded to subscribers. */
  static PublishProperties forwarded(MqttProperties props) {
    if (props == null || props.isEmpty()) {
      return PublishProperties.NONE;
    }
    MqttProperty<?> pfi = props.getProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value());
    MqttProperty<?> corr = props.getProperty(MqttPropertyType.CORRELATION_DATA.value());
    List<UserProperty> users = new ArrayList<>();
    for (MqttProperty<?> p : props.getProperties(MqttPropertyType.USER_PROPERTY.value())) {
      if (p instanceof MqttProperties.UserProperty u) {
        users.add(new UserProperty(u.value().key, u.value().value));
      } else if (p instanceof MqttProperties.UserProperties us) {
        for (MqttProperties.StringPair pair : us.value()) {
          users.add(new UserProperty(pair.key, pair.value));
        }
      }
    }
    PublishProperties result =
        new PublishProperties(
            pfi == null ? null : (Integer) pfi.value(),
            string(props, MqttPropertyType.CONTENT_TYPE),
            string(props, MqttPropertyType.RESPONSE_TOPIC),
            corr == null ? null : (byte[]) corr.value(),
            users);
    return result.isEmpty() ? PublishProperties.NONE : result;
  }

  /** Adds the forwarded properties to an outbound PUBLISH's property set. */
  static void addForwarded(MqttProperties out, PublishProperties p) {
    if (p.payloadFormatIndicator() != null) {
      out.add(
          new MqttProperties.IntegerProperty(
              MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), p.payloadFormatIndicator()));
    }
    if (p.contentType() != null) {
      out.add(
          new MqttProperties.StringProperty(
              MqttPropertyType.CONTENT_TYPE.value(), p.contentType()));
    }
    if (p.responseTopic() != null) {
      out.add(
          new MqttProperties.StringProperty(
              MqttPropertyType.RESPONSE_TOPIC.value(), p.responseTopic()));
    }
    if (p.correlationData() != null) {
      out.add(
          new MqttProperties.BinaryProperty(
              MqttPropertyType.CORRELATION_DATA.value(), p.correlationData()));
    }
    for (UserProperty u : p.userProperties()) {
      out.add(new MqttProperties.UserProperty(u.name(), u.value()));
    }
  }

  /** Upper bound of the encoded size of the forwarded properties, for Maximum Packet Size. */
  static int forwardedSize(PublishProperties p) {
    int size = 0;
    if (p.payloadFormatIndicator() != null) {
      size += 2;
    }
    if (p.contentType() != null) {
      size += 3 + p.contentType().length() * 3;
    }
    if (p.responseTopic() != null) {
      size += 3 + p.responseTopic().length() * 3;
    }
    if (p.correlationData() != null) {
      size += 3 + p.correlationData().length;
    }
    for (UserProperty u : p.userProperties()) {
      size += 5 + (u.name().length() + u.value().length()) * 3;
    }
    return size;
  }

  static MqttProperties of(MqttProperty<?>... properties) {
    MqttProperties props = new MqttProperties();
    for (MqttProperty<?> p : properties) {
      props.add(p);
    }
    return props;
  }

  static MqttProperty<Integer> integerProperty(MqttPropertyType type, int value) {
    return new MqttProperties.IntegerProperty(type.value(), value);
  }
}
