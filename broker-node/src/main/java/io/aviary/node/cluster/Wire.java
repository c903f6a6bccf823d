package io.aviary.node.cluster;

import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.message.UserProperty;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.session.Handover;
import io.aviary.node.session.SessionReplica;
import io.aviary.node.session.Will;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of what nodes send each other and keep in the cluster's maps (and a node in its
 * journal): a forwarded PUBLISH, a retained message, a session handed over, and a persistent
 * session's saved state and deliveries. A version byte leads, so a node can refuse what a newer one
 * sends during a rolling upgrade rather than misread it. Payloads are copied as bytes, never looked
 * at.
 */
public final class Wire {
  static final byte VERSION = 1;
  private static final int QOS = 3;
  private static final int RETAIN = 4;

  private Wire() {}

  /** A PUBLISH forwarded to a node, with the shared groups that node was chosen for. */
  record Forward(OrgId org, Message message, List<String> sharedGroups) {}

  static Buffer forward(OrgId org, Message message, List<String> sharedGroups) {
    Buffer out = Buffer.buffer(64 + message.payload().length);
    out.appendByte(VERSION);
    string(out, org.value());
    message(out, message);
    out.appendShort((short) sharedGroups.size());
    for (String group : sharedGroups) {
      string(out, group);
    }
    return out;
  }

  static Forward forward(Buffer in) {
    Reader r = new Reader(in);
    OrgId org = new OrgId(r.string());
    Message message = r.message();
    int groups = r.unsignedShort();
    List<String> shared = new ArrayList<>(groups);
    for (int i = 0; i < groups; i++) {
      shared.add(r.string());
    }
    return new Forward(org, message, shared);
  }

  /** A retained message as the cluster's retained map stores it. */
  public static byte[] retained(Message message) {
    Buffer out = Buffer.buffer(48 + message.payload().length);
    out.appendByte(VERSION);
    message(out, message);
    return out.getBytes();
  }

  public static Message retained(byte[] bytes) {
    return new Reader(Buffer.buffer(bytes)).message();
  }

  /** A session's state handed to the node its client reconnected to; empty for none. */
  static Buffer handover(Handover h) {
    Buffer out = Buffer.buffer();
    if (h == null) {
      return out;
    }
    out.appendByte(VERSION);
    subscriptions(out, h.subscriptions());
    out.appendInt(h.pending().size());
    for (Delivery d : h.pending()) {
      delivery(out, d);
    }
    return out;
  }

  static Handover handover(Buffer in) {
    if (in.length() == 0) {
      return null;
    }
    Reader r = new Reader(in);
    List<Handover.Subscription> subscriptions = r.subscriptions();
    int m = r.integer();
    List<Delivery> pending = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      pending.add(r.delivery());
    }
    return new Handover(subscriptions, pending);
  }

  /** A persistent session's saved state, as the cluster's session map keeps it. */
  public static byte[] saved(SessionReplica.Saved saved) {
    Buffer out = Buffer.buffer();
    out.appendByte(VERSION);
    string(out, saved.incarnation());
    out.appendLong(saved.expirySeconds());
    out.appendLong(saved.detachedAtMillis());
    subscriptions(out, saved.subscriptions());
    return out.getBytes();
  }

  public static SessionReplica.Saved saved(byte[] bytes) {
    Reader r = new Reader(Buffer.buffer(bytes));
    String incarnation = r.string();
    long expiry = r.longValue();
    long detachedAt = r.longValue();
    return new SessionReplica.Saved(incarnation, expiry, detachedAt, r.subscriptions());
  }

  /**
   * A connected client's will as the cluster's will map keeps it, after the registry entry of the
   * claim its connection made ({@link #willEntry}).
   */
  public static byte[] will(String entry, Will will) {
    Buffer out = Buffer.buffer(96 + will.payload().length);
    out.appendByte(VERSION);
    string(out, entry);
    out.appendLong(will.expirySeconds());
    out.appendLong(will.delaySeconds());
    message(
        out,
        new Message(
            will.topic(), will.payload(), will.qos(), will.retain(), will.properties(), 0, null));
    return out.getBytes();
  }

  /** The registry entry a will copy belongs to, read without the rest. */
  static String willEntry(byte[] bytes) {
    return new Reader(Buffer.buffer(bytes)).string();
  }

  static Will will(byte[] bytes) {
    Reader r = new Reader(Buffer.buffer(bytes));
    r.string(); // the entry
    long expiry = r.longValue();
    long delay = r.longValue();
    Message m = r.message();
    return new Will(m.topic(), m.payload(), m.qos(), m.retain(), m.properties(), expiry, delay);
  }

  /** One QoS 1/2 delivery of a persistent session, as the cluster's message map keeps it. */
  public static byte[] delivery(Delivery d) {
    Buffer out = Buffer.buffer(64 + d.message().payload().length);
    out.appendByte(VERSION);
    delivery(out, d);
    return out.getBytes();
  }

  public static Delivery delivery(byte[] bytes) {
    return new Reader(Buffer.buffer(bytes)).delivery();
  }

  private static void subscriptions(Buffer out, List<Handover.Subscription> subscriptions) {
    out.appendInt(subscriptions.size());
    for (Handover.Subscription s : subscriptions) {
      string(out, s.filter().value());
      SubscriptionOptions o = s.options();
      out.appendByte((byte) o.maxQos());
      out.appendByte((byte) ((o.noLocal() ? 1 : 0) | (o.retainAsPublished() ? 2 : 0)));
      out.appendByte((byte) o.retainHandling());
      out.appendInt(o.subscriptionId());
    }
  }

  private static void delivery(Buffer out, Delivery d) {
    message(out, d.message());
    out.appendByte(qosAndRetain(d.qos(), d.retain()));
    out.appendInt(d.subscriptionIds().length);
    for (int id : d.subscriptionIds()) {
      out.appendInt(id);
    }
  }

  private static void message(Buffer out, Message m) {
    string(out, m.topic().value());
    out.appendByte(qosAndRetain(m.qos(), m.retain()));
    out.appendLong(m.expiresAtMillis());
    bytes(out, m.payload());
    PublishProperties p = m.properties();
    out.appendByte(
        p.payloadFormatIndicator() == null ? -1 : p.payloadFormatIndicator().byteValue());
    nullableString(out, p.contentType());
    nullableString(out, p.responseTopic());
    nullableBytes(out, p.correlationData());
    out.appendInt(p.userProperties().size());
    for (UserProperty u : p.userProperties()) {
      string(out, u.name());
      string(out, u.value());
    }
  }

  private static void string(Buffer out, String s) {
    bytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void nullableString(Buffer out, String s) {
    nullableBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
  }

  /** A length of -1 stands for null. */
  private static void nullableBytes(Buffer out, byte[] b) {
    if (b == null) {
      out.appendInt(-1);
    } else {
      bytes(out, b);
    }
  }

  /** QoS in the low two bits, the retain flag above them. */
  private static byte qosAndRetain(int qos, boolean retain) {
    return (byte) (qos | (retain ? RETAIN : 0));
  }

  private static void bytes(Buffer out, byte[] b) {
    out.appendInt(b.length);
    out.appendBytes(b);
  }

  private static final class Reader {
    private final Buffer in;
    private int at;

    Reader(Buffer in) {
      this.in = in;
      byte version = in.getByte(at++);
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "cluster message version " + version + ", this node reads " + VERSION);
      }
    }

    Message message() {
      TopicName topic = TopicName.parse(string(), Integer.MAX_VALUE);
      byte flags = in.getByte(at++);
      long expiresAt = longValue();
      byte[] payload = bytes();
      byte pfi = in.getByte(at++);
      String contentType = nullableString();
      String responseTopic = nullableString();
      byte[] correlation = nullableBytes();
      int n = integer();
      List<UserProperty> user = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        user.add(new UserProperty(string(), string()));
      }
      PublishProperties properties =
          pfi < 0 && contentType == null && responseTopic == null && correlation == null && n == 0
              ? PublishProperties.NONE
              : new PublishProperties(
                  pfi < 0 ? null : (int) pfi, contentType, responseTopic, correlation, user);
      return new Message(
          topic, payload, flags & QOS, (flags & RETAIN) != 0, properties, expiresAt, null);
    }

    List<Handover.Subscription> subscriptions() {
      int n = integer();
      List<Handover.Subscription> subscriptions = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        SubscriptionFilter filter = SubscriptionFilter.parse(string(), Integer.MAX_VALUE);
        int maxQos = unsignedByte();
        int flags = unsignedByte();
        int retainHandling = unsignedByte();
        int id = integer();
        subscriptions.add(
            new Handover.Subscription(
                filter,
                new SubscriptionOptions(
                    maxQos, (flags & 1) != 0, (flags & 2) != 0, retainHandling, id)));
      }
      return subscriptions;
    }

    Delivery delivery() {
      Message message = message();
      int flags = unsignedByte();
      int[] ids = new int[integer()];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = integer();
      }
      return new Delivery(message, flags & QOS, (flags & RETAIN) != 0, ids);
    }

    int integer() {
      int v = in.getInt(at);
      at += 4;
      return v;
    }

    long longValue() {
      long v = in.getLong(at);
      at += 8;
      return v;
    }

    int unsignedByte() {
      return in.getUnsignedByte(at++);
    }

    int unsignedShort() {
      int v = in.getUnsignedShort(at);
      at += 2;
      return v;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    String nullableString() {
      byte[] b = nullableBytes();
      return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    byte[] bytes() {
      byte[] b = nullableBytes();
      if (b == null) {
        throw new IllegalArgumentException("a required field is missing");
      }
      return b;
    }

    byte[] nullableBytes() {
      int n = in.getInt(at);
      at += 4;
      if (n < 0) {
        return null;
      }
      byte[] b = in.getBytes(at, at + n);
      at += n;
      return b;
    }
  }
}
