package io.aviary.node.it.protocol;

import static io.aviary.node.it.protocol.Packets.CONNACK;
import static io.aviary.node.it.protocol.Packets.DISCONNECT;
import static io.aviary.node.it.protocol.Packets.PUBACK;
import static io.aviary.node.it.protocol.Packets.PUBLISH;
import static io.aviary.node.it.protocol.Packets.SUBACK;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * A minimal MQTT client over a plain socket for protocol tests: it sends whatever bytes it is given
 * and reads back whole packets (fixed header plus Remaining Length) with a timeout. Bytes received
 * but not yet forming a packet are kept, so a timeout never loses data. Packets skipped by {@link
 * #expect} are kept too and returned by later reads.
 */
final class RawMqttClient implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Deque<Packet> pending = new ArrayDeque<>();
  private byte[] buffer = new byte[16 * 1024];
  private int buffered;
  private boolean eof;
  private int nextPacketId = 1;
  private Connack connack;

  /** Whether packets are decoded with the MQTT 5 layout; set by the connect helpers. */
  boolean v5 = true;

  private RawMqttClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Opens a TCP connection to the broker's plain MQTT listener on 127.0.0.1. */
  static RawMqttClient open(int port) {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      s.connect(new InetSocketAddress(loopback, port), (int) TIMEOUT.toMillis());
      return new RawMqttClient(s);
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
    }
  }

  Socket socket() {
    return socket;
  }

  // ---- sending --------------------------------------------------------------------------------

  RawMqttClient send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("send failed: " + Bytes.hex(bytes, 32), e);
    }
  }

  /** Sends and ignores a failure (the broker may already have closed the connection). */
  boolean sendQuietly(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  int nextPacketId() {
    int id = nextPacketId;
    nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
    return id;
  }

  // ---- reading --------------------------------------------------------------------------------

  /** The next packet; fails if none arrives within {@code timeout} or the connection closes. */
  Packet read(Duration timeout) {
    Packet p = readOrClosed(timeout);
    if (p == null) {
      throw new AssertionError("connection closed while a packet was expected");
    }
    return p;
  }

  Packet read() {
    return read(TIMEOUT);
  }

  /** The next packet, or null if the server closed the connection; fails on timeout. */
  Packet readOrClosed(Duration timeout) {
    Packet p = poll(timeout);
    if (p == null && !eof) {
      throw new AssertionError("no packet within " + timeout);
    }
    return p;
  }

  /**
   * The next packet, or null if none arrived within {@code timeout} (or the connection closed: see
   * {@link #isClosedByServer()}).
   */
  Packet poll(Duration timeout) {
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    return pollWire(timeout);
  }

  /** Reads until a packet of {@code type} arrives; other packets are kept for later reads. */
  Packet expect(int type, Duration timeout) {
    for (Iterator<Packet> it = pending.iterator(); it.hasNext(); ) {
      Packet p = it.next();
      if (p.type() == type) {
        it.remove();
        return p;
      }
    }
    Deque<Packet> skipped = new ArrayDeque<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        Packet p = left <= 0 ? null : pollWire(Duration.ofNanos(left));
        if (p == null) {
          throw new AssertionError(
              "no "
                  + Packets.typeName(type)
                  + " within "
                  + timeout
                  + (eof ? " (connection closed)" : "")
                  + "; other packets: "
                  + skipped);
        }
        if (p.type() == type) {
          return p;
        }
        skipped.add(p);
      }
    } finally {
      pending.addAll(skipped);
    }
  }

  Packet expect(int type) {
    return expect(type, TIMEOUT);
  }

  private Packet pollWire(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Packet p = parse();
      if (p != null || eof) {
        return p;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      try {
        fill(Math.max(1, (int) Duration.ofNanos(left).toMillis()));
      } catch (SocketTimeoutException e) {
        return null;
      }
    }
  }

  /**
   * Waits for the server to close the connection, discarding anything it sends first.
   *
   * @return true if the connection was closed (end of stream or reset) within {@code timeout}
   */
  boolean awaitClosed(Duration timeout) {
    pending.clear();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eof) {
      buffered = 0;
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        fill(Math.max(1, (int) Duration.ofNanos(left).toMillis()));
      } catch (SocketTimeoutException e) {
        return false;
      }
    }
    return true;
  }

  /** Whether the server closed the connection (seen by a read). */
  boolean isClosedByServer() {
    return eof;
  }

  private void fill(int timeoutMillis) throws SocketTimeoutException {
    if (buffered == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    try {
      socket.setSoTimeout(timeoutMillis);
      int n = in.read(buffer, buffered, buffer.length - buffered);
      if (n < 0) {
        eof = true;
      } else {
        buffered += n;
      }
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (SocketException e) {
      eof = true; // connection reset, or closed by us
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A whole packet from the buffer, or null if more bytes are needed. */
  private Packet parse() {
    if (buffered < 2) {
      return null;
    }
    int remaining = 0;
    int multiplier = 1;
    int at = 1;
    while (true) {
      if (at >= buffered) {
        return null;
      }
      int digit = buffer[at++] & 0xFF;
      remaining += (digit & 0x7F) * multiplier;
      if ((digit & 0x80) == 0) {
        break;
      }
      multiplier *= 128;
      if (at > 4) {
        throw new AssertionError("server sent a Remaining Length longer than 4 bytes");
      }
    }
    if (buffered - at < remaining) {
      return null;
    }
    Packet p =
        new Packet(buffer[0] & 0xFF, Arrays.copyOfRange(buffer, at, at + remaining), this.v5);
    int consumed = at + remaining;
    System.arraycopy(buffer, consumed, buffer, 0, buffered - consumed);
    buffered -= consumed;
    return p;
  }

  // ---- conveniences ---------------------------------------------------------------------------

  /** Sends CONNECT and returns the CONNACK; fails if something else (or nothing) arrives. */
  Connack connect(Packets.Connect connect, boolean isV5) {
    this.v5 = isV5;
    send(connect.build());
    Packet p = read();
    if (p.type() != CONNACK) {
      throw new AssertionError("expected CONNACK, got " + p);
    }
    connack = p.connack();
    return connack;
  }

  /** The CONNACK received by the last connect helper call. */
  Connack connack() {
    return connack;
  }

  /** MQTT 5 CONNECT (clean start) that must succeed. */
  Connack connect5(String clientId, Props props) {
    return connectAccepted(new Packets.Connect(true, clientId).props(props), true);
  }

  Connack connect311(String clientId) {
    return connectAccepted(new Packets.Connect(false, clientId), false);
  }

  Connack connectAccepted(Packets.Connect connect, boolean isV5) {
    Connack c = connect(connect, isV5);
    if (c.reasonCode() != 0) {
      throw new AssertionError("CONNECT refused: " + c);
    }
    return c;
  }

  /** SUBSCRIBE to one filter; returns the SUBACK reason codes. */
  Suback subscribe(String filter, int options) {
    return subscribe(Props.none(), new Packets.Sub(filter, options));
  }

  Suback subscribe(Props props, Packets.Sub... subs) {
    int id = nextPacketId();
    send(Packets.subscribe(v5, id, props, subs));
    Suback s = expect(SUBACK).suback();
    if (s.packetId() != id) {
      throw new AssertionError("SUBACK for packet id " + s.packetId() + ", expected " + id);
    }
    return s;
  }

  /** QoS 1 PUBLISH that waits for its PUBACK; returns the PUBACK reason code (0 for 3.1.1). */
  int publishQos1(String topic, Props props, byte[] payload) {
    int id = nextPacketId();
    send(Packets.publish(v5, topic, 1, false, id, props, payload));
    Ack ack = expect(PUBACK).ack();
    if (ack.packetId() != id) {
      throw new AssertionError("PUBACK for packet id " + ack.packetId() + ", expected " + id);
    }
    return ack.reasonCode();
  }

  /** The next PUBLISH (skipping nothing: any other packet first is a failure). */
  Publish readPublish(Duration timeout) {
    Packet p = read(timeout);
    if (p.type() != PUBLISH) {
      throw new AssertionError("expected PUBLISH, got " + p);
    }
    return p.publish();
  }

  Publish readPublish() {
    return readPublish(TIMEOUT);
  }

  /** Acknowledges a QoS 1 PUBLISH with PUBACK (QoS 2 with PUBREC); QoS 0 needs nothing. */
  void ack(Publish p) {
    if (p.qos() == 1) {
      send(Packets.ack(PUBACK, p.packetId()));
    } else if (p.qos() == 2) {
      send(Packets.ack(Packets.PUBREC, p.packetId()));
    }
  }

  /**
   * Normal DISCONNECT, then waits for the server to close the connection. The broker handles the
   * close on the session's event loop before anything routed to the session after that moment, so
   * once this returns, later publishes find the session offline (queued, not in flight).
   */
  void disconnectAndAwaitClose() {
    send(Packets.disconnect(v5, 0, Props.none()));
    if (!awaitClosed(TIMEOUT)) {
      throw new AssertionError("server did not close the connection after DISCONNECT");
    }
    close();
  }

  /** Normal DISCONNECT, then close. */
  void disconnect() {
    sendQuietly(Packets.disconnect(v5, 0, Props.none()));
    close();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test socket: nothing to do
    }
  }

  // ---- decoded packets ------------------------------------------------------------------------

  /** One packet as received: the first byte and the body after the Remaining Length. */
  @SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the contents
  record Packet(int firstByte, byte[] body, boolean v5) {
    int type() {
      return firstByte >>> 4;
    }

    int flags() {
      return firstByte & 0x0F;
    }

    ByteArrayInputStream in() {
      return new ByteArrayInputStream(body);
    }

    private void check(int type) {
      if (type() != type) {
        throw new AssertionError("expected " + Packets.typeName(type) + ", got " + this);
      }
    }

    Connack connack() {
      check(CONNACK);
      ByteArrayInputStream b = in();
      boolean present = (Props.Wire.readU8(b) & 1) == 1;
      int code = Props.Wire.readU8(b);
      Props props = v5 && b.available() > 0 ? Props.decode(b) : Props.none();
      return new Connack(present, code, props);
    }

    /** DISCONNECT reason code (0x00 when the body is empty, section 3.14.2.1) and properties. */
    Disconnect disconnect() {
      check(DISCONNECT);
      ByteArrayInputStream b = in();
      int code = b.available() > 0 ? Props.Wire.readU8(b) : 0;
      Props props = b.available() > 0 ? Props.decode(b) : Props.none();
      return new Disconnect(code, props);
    }

    Publish publish() {
      check(PUBLISH);
      ByteArrayInputStream b = in();
      int qos = (flags() >> 1) & 3;
      String topic = Props.Wire.readString(b);
      int id = qos > 0 ? Props.Wire.readU16(b) : 0;
      Props props = v5 ? Props.decode(b) : Props.none();
      byte[] payload = Props.Wire.readN(b, b.available());
      return new Publish(topic, qos, (flags() & 1) == 1, (flags() & 8) == 8, id, props, payload);
    }

    Suback suback() {
      check(SUBACK);
      ByteArrayInputStream b = in();
      int id = Props.Wire.readU16(b);
      Props props = v5 ? Props.decode(b) : Props.none();
      byte[] codes = Props.Wire.readN(b, b.available());
      int[] values = new int[codes.length];
      for (int i = 0; i < codes.length; i++) {
        values[i] = codes[i] & 0xFF;
      }
      return new Suback(id, props, values);
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP. */
    Ack ack() {
      ByteArrayInputStream b = in();
      int id = Props.Wire.readU16(b);
      int code = b.available() > 0 ? Props.Wire.readU8(b) : 0;
      return new Ack(type(), id, code);
    }

    @Override
    public String toString() {
      return Packets.typeName(type())
          + "[flags="
          + flags()
          + ", body="
          + Bytes.hex(body, 48)
          + ", decoded="
          + describe()
          + "]";
    }

    private String describe() {
      try {
        return switch (type()) {
          case CONNACK -> connack().toString();
          case DISCONNECT -> disconnect().toString();
          case PUBLISH -> publish().toString();
          case SUBACK -> suback().toString();
          case PUBACK, Packets.PUBREC, Packets.PUBREL, Packets.PUBCOMP -> ack().toString();
          default -> "-";
        };
      } catch (RuntimeException e) {
        return "undecodable: " + e.getMessage();
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Packet p && p.firstByte == firstByte && Arrays.equals(p.body, body);
    }

    @Override
    public int hashCode() {
      return 31 * firstByte + Arrays.hashCode(body);
    }
  }

  record Connack(boolean sessionPresent, int reasonCode, Props props) {
    @Override
    public String toString() {
      return String.format(
          "CONNACK(sessionPresent=%s, code=0x%02x, props=%s)", sessionPresent, reasonCode, props);
    }
  }

  record Disconnect(int reasonCode, Props props) {
    @Override
    public String toString() {
      return String.format("DISCONNECT(code=0x%02x, props=%s)", reasonCode, props);
    }
  }

  @SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the contents
  record Suback(int packetId, Props props, int[] codes) {
    List<Integer> codeList() {
      return Arrays.stream(codes).boxed().toList();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Suback s && s.packetId == packetId && Arrays.equals(s.codes, codes);
    }

    @Override
    public int hashCode() {
      return 31 * packetId + Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
      return "SUBACK(id=" + packetId + ", codes=" + codeList() + ", props=" + props + ")";
    }
  }

  record Ack(int type, int packetId, int reasonCode) {
    @Override
    public String toString() {
      return String.format("%s(id=%d, code=0x%02x)", Packets.typeName(type), packetId, reasonCode);
    }
  }

  @SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the contents
  record Publish(
      String topic,
      int qos,
      boolean retain,
      boolean dup,
      int packetId,
      Props props,
      byte[] payload) {
    String text() {
      return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Publish p
          && p.topic.equals(topic)
          && p.qos == qos
          && p.packetId == packetId
          && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
      return topic.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "PUBLISH(topic="
          + topic
          + ", qos="
          + qos
          + ", retain="
          + retain
          + ", dup="
          + dup
          + ", id="
          + packetId
          + ", props="
          + props
          + ", payload="
          + (payload.length > 64 ? payload.length + " bytes" : text())
          + ")";
    }
  }
}
