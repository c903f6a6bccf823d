package io.aviary.node.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits between the MQTT decoder and vertx-mqtt once a connection is accepted: turns a second
 * CONNECT or an AUTH packet into a protocol error with a reason code instead of a bare close, and
 * reports keep-alive expiry.
 */
final class PacketGuard extends ChannelInboundHandlerAdapter {
  static final String NAME = "aviary-guard";

  private final MqttConnection connection;

  PacketGuard(MqttConnection connection) {
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof MqttMessage m && m.decoderResult().isSuccess() && m.fixedHeader() != null) {
      MqttMessageType type = m.fixedHeader().messageType();
      if (type == MqttMessageType.CONNECT) {
        ReferenceCountUtil.release(msg);
        connection.protocolError(Reason.PROTOCOL_ERROR, "a second CONNECT on one connection");
        return;
      }
      if (type == MqttMessageType.AUTH) {
        ReferenceCountUtil.release(msg);
        connection.protocolError(Reason.PROTOCOL_ERROR, "AUTH without an authentication method");
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      connection.keepAliveExpired();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }
}
