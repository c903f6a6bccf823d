package io.aviary.node.connection;

import io.aviary.broker.message.Message;
import io.aviary.broker.session.Delivery;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.net.impl.NetSocketInternal;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes deliveries as PUBLISH packets for one connection: MQTT 5 properties, outbound topic
 * aliases within the client's Topic Alias Maximum, and the client's Maximum Packet Size. Writes the
 * shared payload array without copying it. Used on the connection's event loop only.
 */
final class OutboundWriter {
  private static final MqttQoS[] QOS = {
    MqttQoS.AT_MOST_ONCE, MqttQoS.AT_LEAST_ONCE, MqttQoS.EXACTLY_ONCE
  };

  private final NetSocketInternal socket;
  private final boolean v5;
  private final int clientMaxPacketSize;
  private final int clientTopicAliasMax;
  private final Map<String, Integer> aliases;

  OutboundWriter(
      NetSocketInternal socket, boolean v5, int clientMaxPacketSize, int clientTopicAliasMax) {
    this.socket = socket;
    this.v5 = v5;
    this.clientMaxPacketSize = clientMaxPacketSize;
    this.clientTopicAliasMax = clientTopicAliasMax;
    this.aliases = clientTopicAliasMax > 0 ? new HashMap<>() : Map.of();
  }

  /**
   * Writes {@code delivery} as a PUBLISH.
   *
   * @return false if it exceeds the client's Maximum Packet Size and was not sent
   */
  boolean write(Delivery delivery, int packetId, boolean dup) {
    Message m = delivery.message();
    String topic = m.topic().value();
    MqttProperties props = MqttProperties.NO_PROPERTIES;
    int propsSize = 0;
    int aliasToUse = 0;
    boolean newAlias = false;
    boolean sendTopic = true;
    if (v5) {
      props = new MqttProperties();
      if (!m.properties().isEmpty()) {
        Properties5.addForwarded(props, m.properties());
      }
      long expiry = m.remainingExpirySeconds(System.currentTimeMillis());
      if (expiry >= 0) {
        props.add(
            Properties5.integerProperty(
                MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, (int) expiry));
        propsSize += 5;
      }
      for (int id : delivery.subscriptionIds()) {
        props.add(Properties5.integerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER, id));
        propsSize += 5;
      }
      if (clientTopicAliasMax > 0) {
        Integer alias = aliases.get(topic);
        if (alias != null) {
          aliasToUse = alias;
          sendTopic = false;
          propsSize += 3;
        } else if (aliases.size() < clientTopicAliasMax) {
          aliasToUse = aliases.size() + 1;
          newAlias = true;
          propsSize += 3;
        }
      }
      propsSize += Properties5.forwardedSize(m.properties()) + 4;
    }
    if (clientMaxPacketSize > 0) {
      long size =
          5L
              + 2
              + (sendTopic ? ByteBufUtil.utf8Bytes(topic) : 0)
              + (packetId > 0 ? 2 : 0)
              + propsSize
              + m.payload().length;
      if (size > clientMaxPacketSize) {
        return false;
      }
    }
    // The alias is committed only once the packet is certain to be sent: a client must never see
    // an alias it was not told [MQTT-3.3.2-12].
    if (aliasToUse > 0) {
      props.add(Properties5.integerProperty(MqttPropertyType.TOPIC_ALIAS, aliasToUse));
      if (newAlias) {
        aliases.put(topic, aliasToUse);
      }
      if (!sendTopic) {
        topic = "";
      }
    }
    if (props.isEmpty()) {
      props = MqttProperties.NO_PROPERTIES;
    }
    MqttFixedHeader header =
        new MqttFixedHeader(
            MqttMessageType.PUBLISH, dup, QOS[delivery.qos()], delivery.retain(), 0);
    MqttPublishVariableHeader variable = new MqttPublishVariableHeader(topic, packetId, props);
    socket.writeMessage(
        new MqttPublishMessage(header, variable, Unpooled.wrappedBuffer(m.payload())));
    return true;
  }
}
