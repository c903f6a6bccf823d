package io.aviary.node.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.util.AttributeKey;
import io.vertx.core.Handler;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.impl.MqttServerImpl;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Keeps the CONNECT packet's user name and password as the client sent them. vertx-mqtt drops the
 * user name when no password comes with it (a client authenticating with a certificate, or with
 * MQTT 5 enhanced authentication, still names its organization in the user name) and decodes the
 * password as text. A handler between the MQTT decoder and vertx-mqtt reads both from the decoded
 * CONNECT and removes itself. It is put in place by wrapping the TCP server that vertx-mqtt
 * creates, before it listens (docs/adr/0001).
 */
public final class ConnectCapture extends ChannelInboundHandlerAdapter {
  static final AttributeKey<Credentials> CREDENTIALS = AttributeKey.valueOf("aviary.credentials");
  private static final String NAME = "aviary-connect-capture";

  /** The user name and password of a CONNECT, either possibly null. */
  @SuppressWarnings("ArrayRecordComponent") // a credential as received; never compared
  record Credentials(String username, byte[] password) {}

  private ConnectCapture() {}

  /** Installs the capture on every connection {@code server} accepts; call before listening. */
  public static void install(MqttServer server) {
    try {
      Field field = MqttServerImpl.class.getDeclaredField("server");
      field.setAccessible(true);
      NetServer tcp = (NetServer) field.get(server);
      field.set(server, wrap(tcp));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("vertx-mqtt's server layout changed", e);
    }
  }

  private static NetServer wrap(NetServer tcp) {
    return (NetServer)
        Proxy.newProxyInstance(
            NetServer.class.getClassLoader(),
            new Class<?>[] {NetServer.class},
            (proxy, method, args) -> {
              if (method.getName().equals("connectHandler") && args != null && args.length == 1) {
                @SuppressWarnings("unchecked")
                Handler<NetSocket> handler = (Handler<NetSocket>) args[0];
                tcp.connectHandler(
                    socket -> {
                      handler.handle(socket);
                      ((NetSocketInternal) socket)
                          .channelHandlerContext()
                          .pipeline()
                          .addBefore("handler", NAME, new ConnectCapture());
                    });
                return proxy;
              }
              try {
                return method.invoke(tcp, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof MqttConnectMessage connect && connect.decoderResult().isSuccess()) {
      MqttConnectPayload payload = connect.payload();
      ctx.channel()
          .attr(CREDENTIALS)
          .set(
              new Credentials(
                  connect.variableHeader().hasUserName() ? payload.userName() : null,
                  connect.variableHeader().hasPassword() ? payload.passwordInBytes() : null));
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(msg);
  }

  /** What the CONNECT on {@code socket}'s channel carried; null if it was never seen. */
  static Credentials credentials(NetSocketInternal socket) {
    return socket.channelHandlerContext().channel().attr(CREDENTIALS).get();
  }
}
