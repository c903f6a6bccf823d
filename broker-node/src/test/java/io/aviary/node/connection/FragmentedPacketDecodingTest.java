package io.aviary.node.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins the Netty MQTT decoder the broker runs on: a packet whose variable header arrives split
 * across reads must decode, not fail as too long (Netty 4.1.133 regression, netty/netty#16916; see
 * docs/adr/0002-netty-override.md).
 */
class FragmentedPacketDecodingTest {
  private static final byte[] CONNECT_311 = {
    0x10, 0x0F, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x03, 'a', 'b', 'c'
  };

  @ParameterizedTest(name = "PUBLISH split after {0} bytes")
  @ValueSource(ints = {1, 2, 3, 4, 5, 8, 12})
  void publishSplitAcrossReadsDecodes(int splitAt) {
    EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(65_536, 65_535));
    channel.writeInbound(Unpooled.wrappedBuffer(CONNECT_311));
    MqttMessage connect = channel.readInbound();
    assertThat(connect).isInstanceOf(MqttConnectMessage.class);
    assertThat(connect.decoderResult().isSuccess()).isTrue();

    byte[] publish = publishQos1("sensors/temperature", 7, "21.5");
    channel.writeInbound(Unpooled.wrappedBuffer(publish, 0, splitAt));
    channel.writeInbound(Unpooled.wrappedBuffer(publish, splitAt, publish.length - splitAt));

    MqttMessage decoded = channel.readInbound();
    assertThat(decoded.decoderResult().isSuccess())
        .as("decoder result: %s", decoded.decoderResult())
        .isTrue();
    MqttPublishMessage message = (MqttPublishMessage) decoded;
    assertThat(message.variableHeader().topicName()).isEqualTo("sensors/temperature");
    assertThat(message.variableHeader().packetId()).isEqualTo(7);
    assertThat(message.payload().toString(StandardCharsets.UTF_8)).isEqualTo("21.5");
    message.release();
    channel.finishAndReleaseAll();
  }

  @Test
  void packetOverTheLimitIsStillRefused() {
    EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(64, 65_535));
    channel.writeInbound(Unpooled.wrappedBuffer(CONNECT_311));
    MqttMessage connect = channel.readInbound();
    assertThat(connect.decoderResult().isSuccess()).isTrue();
    byte[] publish = publishQos1("t", 1, "x".repeat(100));
    channel.writeInbound(Unpooled.wrappedBuffer(publish, 0, 4));
    channel.writeInbound(Unpooled.wrappedBuffer(publish, 4, publish.length - 4));
    MqttMessage decoded = channel.readInbound();
    assertThat(decoded.decoderResult().isFailure()).isTrue();
    assertThat(decoded.decoderResult().cause())
        .isInstanceOf(io.netty.handler.codec.TooLongFrameException.class);
    channel.finishAndReleaseAll();
  }

  private static byte[] publishQos1(String topic, int packetId, String payload) {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    int remaining = 2 + t.length + 2 + p.length;
    ByteBuf buf = Unpooled.buffer();
    buf.writeByte(0x32); // PUBLISH, QoS 1
    do {
      int digit = remaining % 128;
      remaining /= 128;
      buf.writeByte(remaining > 0 ? digit | 0x80 : digit);
    } while (remaining > 0);
    buf.writeShort(t.length).writeBytes(t).writeShort(packetId).writeBytes(p);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }
}
