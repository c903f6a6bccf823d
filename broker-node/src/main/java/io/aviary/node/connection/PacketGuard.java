package io.aviary.node.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubCompReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRelReasonCode;
import java.util.ArrayDeque;

/**
 * Sits between the MQTT decoder and vertx-mqtt from CONNECT on. Until CONNACK is sent it holds the
 * packets a client pipelines after CONNECT (vertx-mqtt would refuse them) and replays them once the
 * connection is accepted. Afterwards it owns what vertx-mqtt would turn into a bare close or an
 * uncaught exception: decode failures, a second CONNECT, AUTH, undefined reason codes, and packets
 * after DISCONNECT. It also reports keep-alive expiry.
 */
final class PacketGuard extends ChannelInboundHandlerAdapter {
  static final String NAME = "aviary-guard";

  /** Packets a client may send before CONNACK; more is refused rather than buffered. */
  static final int MAX_HELD = 256;

  private final MqttConnection connection;
  private final ArrayDeque<Object> held = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private boolean holding = true;

  PacketGuard(MqttConnection connection) {
    this.connection = connection;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  /** CONNACK went out and the handlers are in place: replay what was held, then pass through. */
  void release() {
    holding = false;
    if (held.isEmpty()) {
      return;
    }
    while (!held.isEmpty() && !connection.isClosing()) {
      channelRead(ctx, held.poll());
    }
    discardHeld();
    // Vert.x defers writes made during a read until the read completes; replayed packets are a
    // read of their own, so end it or the answers (SUBACK, PUBACK) wait for the next packet.
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (!(msg instanceof MqttMessage m)) {
      context.fireChannelRead(msg);
      return;
    }
    if (connection.isClosing()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (m.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      decodeFailed(m.decoderResult().cause());
      return;
    }
    if (holding) {
      if (held.size() >= MAX_HELD) {
        ReferenceCountUtil.release(msg);
        connection.abortHandshake("more than " + MAX_HELD + " packets before CONNACK");
        return;
      }
      held.add(msg);
      return;
    }
    MqttMessageType type = m.fixedHeader().messageType();
    if (type == MqttMessageType.AUTH && connection.authMethod != null) {
      // vertx-mqtt has no AUTH support: re-authentication is handled here, before it.
      ReferenceCountUtil.release(msg);
      onAuth(m);
      return;
    }
    String refusal = refusal(m, type);
    if (refusal != null) {
      ReferenceCountUtil.release(msg);
      connection.protocolError(
          type == MqttMessageType.CONNECT || type == MqttMessageType.AUTH
              ? Reason.PROTOCOL_ERROR
              : Reason.MALFORMED_PACKET,
          refusal);
      return;
    }
    context.fireChannelRead(msg);
    if (type == MqttMessageType.DISCONNECT) {
      connection.clientDisconnected(); // nothing after DISCONNECT is read [MQTT-3.14.4-1]
    }
  }

  private void onAuth(MqttMessage m) {
    if (!(m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h)) {
      connection.protocolError(Reason.PROTOCOL_ERROR, "AUTH without a reason code");
      return;
    }
    MqttProperties props = h.properties();
    connection.onAuth(
        h.reasonCode() & 0xFF,
        Properties5.string(props, MqttPropertyType.AUTHENTICATION_METHOD),
        Properties5.binary(props, MqttPropertyType.AUTHENTICATION_DATA));
  }

  private String refusal(MqttMessage m, MqttMessageType type) {
    switch (type) {
      case CONNECT -> {
        return "a second CONNECT on one connection";
      }
      case AUTH -> {
        return "AUTH without an authentication method";
      }
      default -> {
        // fall through to the reason-code check
      }
    }
    if (!connection.v5) {
      return null;
    }
    try {
      // vertx-mqtt maps reason codes with valueOf, which throws on codes MQTT 5 does not define.
      if (m.variableHeader() instanceof MqttPubReplyMessageVariableHeader h) {
        byte code = h.reasonCode();
        switch (type) {
          case PUBACK -> MqttPubAckReasonCode.valueOf(code);
          case PUBREC -> MqttPubRecReasonCode.valueOf(code);
          case PUBREL -> MqttPubRelReasonCode.valueOf(code);
          case PUBCOMP -> MqttPubCompReasonCode.valueOf(code);
          default -> {}
        }
      } else if (type == MqttMessageType.DISCONNECT
          && m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
        MqttDisconnectReasonCode.valueOf(h.reasonCode());
      }
      return null;
    } catch (IllegalArgumentException e) {
      return type + " with an undefined reason code";
    }
  }

  private void decodeFailed(Throwable cause) {
    if (holding) {
      connection.abortHandshake("malformed packet before CONNACK: " + cause.getMessage());
    } else if (cause instanceof TooLongFrameException) {
      connection.protocolError(Reason.PACKET_TOO_LARGE, "packet larger than the maximum size");
    } else if (cause instanceof DecoderException
        && cause.getMessage() != null
        && cause.getMessage().startsWith("invalid publish topic name")) {
      connection.protocolError(Reason.TOPIC_NAME_INVALID, "wildcard in a PUBLISH topic name");
    } else {
      connection.protocolError(Reason.MALFORMED_PACKET, String.valueOf(cause.getMessage()));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      connection.keepAliveExpired();
      return;
    }
    super.userEventTriggered(context, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    discardHeld();
    context.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    discardHeld();
  }

  private void discardHeld() {
    Object msg;
    while ((msg = held.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
