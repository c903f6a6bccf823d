package io.aviary.node.connection;

import io.aviary.acl.Decision;
import io.aviary.acl.SessionAcl;
import io.aviary.acl.Subject;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import io.aviary.audit.event.AuditRecord.ClientDisconnected.Kind;
import io.aviary.audit.event.AuditRecord.LimitExceeded.Limit;
import io.aviary.broker.auth.AuthFailure;
import io.aviary.broker.auth.AuthResult;
import io.aviary.broker.auth.ConnectRequest;
import io.aviary.broker.auth.Identity;
import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.retained.RetainedStore;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.Delivery;
import io.aviary.broker.session.InFlight;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.InvalidTopicException;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.acl.OrgPolicy;
import io.aviary.node.metrics.DropReason;
import io.aviary.node.routing.Confirmations;
import io.aviary.node.routing.Router;
import io.aviary.node.session.ClientLink;
import io.aviary.node.session.Session;
import io.aviary.node.session.Will;
import io.aviary.node.tenant.Tenant;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubCompReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRelReasonCode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.jboss.logging.Logger;

/**
 * One client connection, from CONNECT to close, on the event loop that accepted it. Packet handling
 * after CONNECT lives here; the CONNECT handshake is {@link ConnectHandshake}; subscriptions are
 * {@link SubscriptionHandler}. Every way a connection ends goes through {@link #end}.
 */
public final class MqttConnection implements ClientLink {
  private static final Logger LOG = Logger.getLogger(MqttConnection.class);

  final MqttEndpoint endpoint;
  final BrokerServices broker;
  final String listener;
  final NetSocketInternal socket;
  final EventLoop loop;
  private final PublishAcks acks;
  private final Confirmations confirmations = new Confirmations();

  // Reason codes of PUBACK and PUBREC [MQTT-3.4.2.1, 3.5.2.1].
  private static final int SUCCESS = 0x00;
  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;
  private static final int UNSPECIFIED_ERROR = 0x80;
  final boolean v5;
  final ConnectionTracker tracker;

  private PacketGuard guard;
  Session session;

  /** The organization's ACL policy this session is bound to, and the binding. */
  OrgPolicy aclPolicy;

  SessionAcl acl;
  Subject subject;
  OutboundWriter writer;
  Will will;

  /** Removes the cluster's copy of the will, while there is one. */
  private Runnable dropWill;

  /** Set once authenticated: who the client is and the organization namespace it lives in. */
  Identity identity;

  Tenant tenant;

  /** What the client connected with, kept for MQTT 5 re-authentication; never logged. */
  ConnectRequest connectRequest;

  /** The MQTT 5 Authentication Method the client chose at CONNECT, or null. */
  String authMethod;

  private ScheduledFuture<?> credentialExpiry;
  private boolean reauthenticating;
  private String[] inboundAliases = new String[0];
  // Publishers mostly repeat their topic: the last one parsed is kept.
  private String lastTopicName;
  private TopicName lastTopic;
  private boolean attached;
  private boolean closed;
  private boolean closing;
  final ConnectionAudit audit = new ConnectionAudit(this);
  private Kind endKind = Kind.UNGRACEFUL;
  private String endReason = "connection lost";

  /** When CONNACK went out, and the keep-alive it granted. */
  private Instant connectedAt;

  private int keepAliveSeconds;

  MqttConnection(
      MqttEndpoint endpoint, BrokerServices broker, String listener, ConnectionTracker tracker) {
    this.endpoint = endpoint;
    this.broker = broker;
    this.listener = listener;
    this.tracker = tracker;
    this.socket = ChannelAccess.socket(endpoint);
    this.loop = socket.channelHandlerContext().channel().eventLoop();
    this.acks = new PublishAcks(loop, this::sendPublishAnswer, this::publishAnswerFailed);
    this.v5 = endpoint.protocolVersion() == MqttVersion.MQTT_5.protocolLevel();
  }

  /** Entry point from the listener: the endpoint has sent CONNECT. */
  public static void accept(
      MqttEndpoint endpoint, BrokerServices broker, String listener, ConnectionTracker tracker) {
    new ConnectHandshake(new MqttConnection(endpoint, broker, listener, tracker)).run();
  }

  /** Called by the handshake once CONNACK went out: wires the packet handlers. */
  void attached(
      Session opened, boolean sessionPresent, int keepAliveSeconds, int topicAliasMaximum) {
    this.session = opened;
    this.attached = true;
    this.connectedAt = Instant.now();
    this.keepAliveSeconds = keepAliveSeconds;
    this.inboundAliases = new String[topicAliasMaximum + 1];
    tracker.add(this);
    tenant.connectionOpened();
    broker.metrics().connectionOpened();
    scheduleCredentialExpiry();
    // QoS 0 is dropped (and counted) once this many bytes wait to be written to the client.
    socket.setWriteQueueMaxSize(broker.limits().maxPendingWriteBytes());
    installKeepAlive(keepAliveSeconds);
    if (tracker.isClosing()) {
      shutdown(); // accepted while the node began shutting down
      return;
    }
    SubscriptionHandler subscriptions = new SubscriptionHandler(this);
    endpoint.publishHandler(this::onPublish);
    endpoint.publishReleaseMessageHandler(m -> onPubrel(m.messageId()));
    endpoint.publishAcknowledgeMessageHandler(m -> onAck(m.messageId(), 1));
    endpoint.publishReceivedMessageHandler(
        m -> onPubrec(m.messageId(), (m.code().value() & 0xFF) >= 0x80));
    endpoint.publishCompletionMessageHandler(m -> onAck(m.messageId(), 2));
    endpoint.subscribeHandler(subscriptions::onSubscribe);
    endpoint.unsubscribeHandler(subscriptions::onUnsubscribe);
    endpoint.disconnectMessageHandler(
        m -> onClientDisconnect(m.code(), m.properties() == null ? null : m.properties()));
    endpoint.exceptionHandler(this::onException);
    audit.connected(sessionPresent);
    if (will != null) {
      // In a cluster another node publishes it if this one is lost while the client is here.
      dropWill = tenant.willCopied(session.state().clientId(), will);
    }
    guard.release();
  }

  /** From now on this node alone answers for the will, if any: the cluster's copy goes. */
  private void dropWillCopy() {
    Runnable drop = dropWill;
    dropWill = null;
    if (drop != null) {
      drop.run();
    }
  }

  /** From CONNECT on, the guard holds pipelined packets and owns protocol errors. */
  void installGuard() {
    guard = new PacketGuard(this);
    socket.channelHandlerContext().pipeline().addBefore("handler", PacketGuard.NAME, guard);
  }

  private void installKeepAlive(int keepAliveSeconds) {
    ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
    // vertx-mqtt's own keep-alive uses the client's value; ours uses the one we granted.
    if (pipeline.get("idle") != null) {
      pipeline.remove("idle");
    }
    if (pipeline.get("keepAliveHandler") != null) {
      pipeline.remove("keepAliveHandler");
    }
    // One flush per event-loop turn instead of one per packet: a subscriber receiving many
    // messages in one turn gets them in one write.
    pipeline.addBefore("handler", "aviary-flush", new FlushConsolidationHandler(256, true));
    if (keepAliveSeconds > 0) {
      long timeoutMillis = keepAliveSeconds * 1500L; // one and a half times [MQTT-3.1.2-22]
      pipeline.addBefore(
          PacketGuard.NAME,
          "aviary-idle",
          new IdleStateHandler(timeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
    }
  }

  // ---- inbound PUBLISH ------------------------------------------------------------------------

  private void onPublish(MqttPublishMessage msg) {
    if (!attached) {
      return;
    }
    int qos = msg.qosLevel().value();
    int packetId = msg.messageId();
    MqttProperties props = msg.properties();
    String topicName = msg.topicName();
    if (v5) {
      topicName = resolveAlias(topicName, props);
      if (topicName == null) {
        return;
      }
    }
    TopicName topic;
    if (topicName.equals(lastTopicName)) {
      topic = lastTopic;
    } else {
      try {
        topic = TopicName.parse(topicName, broker.limits().maxTopicLevels());
      } catch (InvalidTopicException e) {
        protocolError(Reason.TOPIC_NAME_INVALID, e.getMessage());
        return;
      }
      lastTopicName = topicName;
      lastTopic = topic;
    }
    if (qos == 2) {
      if (session.state().inboundQos2Count() >= broker.limits().receiveMaximum() && v5) {
        protocolError(Reason.RECEIVE_MAXIMUM_EXCEEDED, "more unacknowledged QoS 2 than allowed");
        return;
      }
      if (!session.state().beginInboundQos2(packetId)) {
        // A re-sent QoS 2 PUBLISH we already routed: acknowledge, do not route twice [MQTT-4.3.3].
        acks.answer(2, packetId, SUCCESS);
        return;
      }
    }
    boolean retain = msg.isRetain();
    Decision decision = acl.publish(topic, qos, retain);
    if (!decision.allowed()) {
      // Never routed. MQTT 5 publishers see 0x87 on QoS 1/2; MQTT 3.1.1 has no refusal, so the
      // message is acknowledged and dropped, as the specification allows [MQTT-3.3.5-2].
      aclDenied(AclDecided.Action.PUBLISH, topicName, qos, retain, decision);
      broker.metrics().publishRefused("not_authorized");
      refusePublish(qos, packetId, MqttPubAckReasonCode.NOT_AUTHORIZED);
      return;
    }
    audit.publishAllowed(topicName, qos, retain, decision);
    if (!tenant.admitPublish()) {
      // Over the organization's rate quota: MQTT 5 publishers see 0x97 on QoS 1/2; QoS 0 and
      // MQTT 3.1.1 publishes are dropped (and counted), as the protocol has no way to say so.
      broker.metrics().publishRefused("rate_limited");
      audit.limitExceeded(Limit.PUBLISH_RATE, "publish refused: over the organization's rate");
      refusePublish(qos, packetId, MqttPubAckReasonCode.QUOTA_EXCEEDED);
      return;
    }
    byte[] payload = Payloads.bytes(msg.payload());
    broker.metrics().received(qos, payload.length);
    long expiresAt = 0;
    if (v5) {
      int expiry = Properties5.integer(props, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1);
      if (expiry >= 0) {
        expiresAt = System.currentTimeMillis() + expiry * 1000L;
      }
    }
    Message message =
        new Message(
            topic,
            payload,
            decision.qos(), // lower than published when the rule downgrades
            retain,
            v5 ? Properties5.forwarded(props) : PublishProperties.NONE,
            expiresAt,
            session);
    confirmations.reset();
    if (retain) {
      Router.Retained r = tenant.router().retain(message);
      if (r.result() == RetainedStore.Result.LIMIT_REACHED) {
        broker.metrics().publishRefused("retained_limit");
        audit.limitExceeded(Limit.RETAINED, "retained message refused: the organization is full");
        refusePublish(qos, packetId, MqttPubAckReasonCode.QUOTA_EXCEEDED);
        return;
      }
      confirmations.add(r.replicated());
    }
    int routed = tenant.router().route(message, confirmations);
    if (qos == 0) {
      return;
    }
    int code = routed == 0 && v5 ? NO_MATCHING_SUBSCRIBERS : SUCCESS;
    CompletionStage<Void> confirmed = confirmations.all();
    if (confirmed == null) {
      acks.answer(qos, packetId, code);
    } else {
      // In a cluster the answer waits until the nodes with subscribers have the message and the
      // cluster's map holds a retained one.
      acks.answerWhen(qos, packetId, code, confirmed);
    }
  }

  /** Sends PUBACK (QoS 1) or PUBREC (QoS 2); an error code ends a QoS 2 exchange here. */
  private void sendPublishAnswer(int qos, int packetId, int reasonCode) {
    if (!canAnswer()) {
      return;
    }
    if (qos == 1) {
      endpoint.publishAcknowledge(
          packetId, MqttPubAckReasonCode.valueOf((byte) reasonCode), MqttProperties.NO_PROPERTIES);
    } else if (qos == 2) {
      if (reasonCode >= UNSPECIFIED_ERROR) {
        session.state().releaseInboundQos2(packetId);
      }
      endpoint.publishReceived(
          packetId, MqttPubRecReasonCode.valueOf((byte) reasonCode), MqttProperties.NO_PROPERTIES);
    }
  }

  /**
   * A wait for the cluster failed (another node did not confirm the message, or the retained map
   * did not take it): MQTT 5 publishers hear 0x80; MQTT 3.1.1 has no refusal and keeps its answer.
   */
  private int publishAnswerFailed(int qos, int packetId, int reasonCode, Throwable cause) {
    LOG.debugf(
        cause,
        "publish %d of %s not confirmed by the cluster",
        packetId,
        endpoint.clientIdentifier());
    return v5 ? UNSPECIFIED_ERROR : reasonCode;
  }

  private void refusePublish(int qos, int packetId, MqttPubAckReasonCode code) {
    if (qos > 0) {
      acks.answer(qos, packetId, code.value() & 0xFF);
    }
  }

  /** Applies an inbound Topic Alias [MQTT-3.3.2.3.4]; null if the connection was ended. */
  private String resolveAlias(String topicName, MqttProperties props) {
    int alias = Properties5.integer(props, MqttPropertyType.TOPIC_ALIAS, -1);
    if (alias == -1) {
      if (topicName.isEmpty()) {
        protocolError(Reason.PROTOCOL_ERROR, "empty topic name without a topic alias");
        return null;
      }
      return topicName;
    }
    if (alias == 0 || alias >= inboundAliases.length) {
      protocolError(Reason.TOPIC_ALIAS_INVALID, "topic alias " + alias + " is out of range");
      return null;
    }
    if (!topicName.isEmpty()) {
      inboundAliases[alias] = topicName;
      return topicName;
    }
    String known = inboundAliases[alias];
    if (known == null) {
      protocolError(Reason.PROTOCOL_ERROR, "topic alias " + alias + " was never set");
    }
    return known;
  }

  private void onPubrel(int packetId) {
    if (!attached) {
      return;
    }
    boolean known = session.state().releaseInboundQos2(packetId);
    endpoint.publishComplete(
        packetId,
        known ? MqttPubCompReasonCode.SUCCESS : MqttPubCompReasonCode.PACKET_IDENTIFIER_NOT_FOUND,
        MqttProperties.NO_PROPERTIES);
  }

  // ---- outbound acknowledgements --------------------------------------------------------------

  private void onAck(int packetId, int qos) {
    if (attached && !session.completed(packetId, qos)) {
      LOG.debugf(
          "client %s acknowledged unknown packet id %d", endpoint.clientIdentifier(), packetId);
    }
  }

  private void onPubrec(int packetId, boolean failed) {
    if (!attached) {
      return;
    }
    if (failed) {
      session.abandoned(packetId);
    } else if (session.received(packetId)) {
      endpoint.publishRelease(packetId, MqttPubRelReasonCode.SUCCESS, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.publishRelease(
          packetId, MqttPubRelReasonCode.PACKET_IDENTIFIER_NOT_FOUND, MqttProperties.NO_PROPERTIES);
    }
  }

  // ---- ClientLink: deliveries from the session --------------------------------------------------

  @Override
  public void send(InFlight inFlight, boolean redelivery) {
    if (closed) {
      return;
    }
    if (inFlight.state() == InFlight.State.AWAITING_COMPLETE) {
      endpoint.publishRelease(
          inFlight.packetId(), MqttPubRelReasonCode.SUCCESS, MqttProperties.NO_PROPERTIES);
      return;
    }
    Delivery d = inFlight.delivery();
    if (writer.write(d, inFlight.packetId(), redelivery)) {
      broker.metrics().sent(d.qos(), d.message().payload().length);
    } else {
      // Too large for this client: discard as if delivered [MQTT-3.1.2-25].
      broker.metrics().dropped(DropReason.PACKET_TOO_LARGE);
      audit.limitExceeded(Limit.PACKET_SIZE, "message over the client's Maximum Packet Size");
      session.abandoned(inFlight.packetId());
    }
  }

  @Override
  public void sendAtMostOnce(Delivery delivery) {
    if (closed) {
      return;
    }
    if (socket.writeQueueFull()) {
      broker.metrics().dropped(DropReason.SLOW_SUBSCRIBER);
      audit.limitExceeded(Limit.QUEUE, "QoS 0 message dropped: the client reads too slowly");
      return;
    }
    if (writer.write(delivery, 0, false)) {
      broker.metrics().sent(0, delivery.message().payload().length);
    } else {
      broker.metrics().dropped(DropReason.PACKET_TOO_LARGE);
      audit.limitExceeded(Limit.PACKET_SIZE, "message over the client's Maximum Packet Size");
    }
  }

  @Override
  public void takenOver() {
    // Runs on this connection's loop (the session's owner until now).
    Will w = will;
    will = null;
    dropWillCopy();
    attached = false;
    endKind = Kind.TAKEN_OVER;
    endReason = "another connection used the client id";
    if (w != null) {
      tenant
          .sessions()
          .scheduleWill(session, w.publication(tenant.router(), session), w.delaySeconds());
    }
    disconnect(Reason.SESSION_TAKEN_OVER, null);
  }

  // ---- credentials ----------------------------------------------------------------------------

  /** Ends the connection when its credential stops being accepted [VR-41]. */
  private void scheduleCredentialExpiry() {
    if (credentialExpiry != null) {
      credentialExpiry.cancel(false);
      credentialExpiry = null;
    }
    Instant expiresAt = identity.expiresAt();
    if (expiresAt == null) {
      return;
    }
    long delay = Math.max(0, expiresAt.toEpochMilli() - System.currentTimeMillis());
    credentialExpiry = loop.schedule(this::credentialExpired, delay, TimeUnit.MILLISECONDS);
  }

  private void credentialExpired() {
    credentialExpiry = null;
    kick(Kind.EXPIRED, Reason.MAXIMUM_CONNECT_TIME, "the credential expired");
  }

  /**
   * The broker ends the session for a security reason (credential expired or revoked, IdP removed).
   * Its will is not published: the broker no longer vouches for the publisher.
   */
  void kick(Kind kind, Reason reason, String detail) {
    if (isClosing()) {
      return;
    }
    will = null;
    endKind = kind;
    endReason = detail;
    disconnect(reason, detail);
  }

  /**
   * An administrator ends this connection through the sessions API: DISCONNECT 0x98 to MQTT 5
   * clients, a close for MQTT 3.1.1. The audit event is {@code kicked} with a reason naming the
   * administrator (the client is only told "disconnected by an administrator"). The will is kept,
   * as for any connection the server ends [MQTT-3.1.2-8]. With {@code discard} the session ends
   * with the connection (expiry 0) instead of waiting for its expiry.
   *
   * @param actor who asked, e.g. {@code user:ana@example.com} or {@code api_key:k7...}
   * @return false when the connection was already ending
   */
  boolean disconnectByAdministrator(String actor, boolean discard) {
    if (isClosing()) {
      return false;
    }
    if (discard && session != null) {
      session.state().expiryIntervalSeconds(0);
    }
    endKind = Kind.KICKED;
    endReason =
        Reason.ADMINISTRATIVE_ACTION.tag()
            + ": disconnected by "
            + actor
            + (discard ? ", session discarded" : "");
    disconnect(Reason.ADMINISTRATIVE_ACTION, "disconnected by an administrator");
    return true;
  }

  /** What an administrator sees of this connection; on its loop, once attached. */
  SessionView.Connection describe() {
    SocketAddress remote = socket.remoteAddress();
    return new SessionView.Connection(
        endpoint.auth() == null ? null : endpoint.auth().getUsername(),
        identity.principal(),
        identity.bindings(),
        identity.credential(),
        listener,
        transport(),
        mqttVersion(),
        tlsVersion(),
        tlsCipher(),
        originIp(),
        remote == null ? 0 : Math.max(remote.port(), 0),
        connectedAt,
        endpoint.isCleanSession(),
        keepAliveSeconds,
        identity.expiresAt());
  }

  /** Whether CONNACK went out and the session is still this connection's. */
  boolean isAttached() {
    return attached && !isClosing();
  }

  /** How the client reached the listener. */
  ClientConnected.Transport transport() {
    boolean encrypted = endpoint.isSsl();
    if (listener.startsWith("ws")) {
      return encrypted ? ClientConnected.Transport.WSS : ClientConnected.Transport.WS;
    }
    return encrypted ? ClientConnected.Transport.TLS : ClientConnected.Transport.TCP;
  }

  ClientConnected.MqttVersion mqttVersion() {
    return switch (endpoint.protocolVersion()) {
      case 3 -> ClientConnected.MqttVersion.V3_1;
      case 5 -> ClientConnected.MqttVersion.V5_0;
      default -> ClientConnected.MqttVersion.V3_1_1;
    };
  }

  /** The TLS protocol version, {@code unknown} if the session has none, null when not TLS. */
  String tlsVersion() {
    if (!endpoint.isSsl()) {
      return null;
    }
    SSLSession tls = endpoint.sslSession();
    return known(tls == null ? null : tls.getProtocol());
  }

  /** The TLS cipher suite, {@code unknown} if the session has none, null when not TLS. */
  String tlsCipher() {
    if (!endpoint.isSsl()) {
      return null;
    }
    SSLSession tls = endpoint.sslSession();
    return known(tls == null ? null : tls.getCipherSuite());
  }

  private static String known(String value) {
    return value == null || value.isEmpty() ? "unknown" : value;
  }

  /** The client's IP address as text, or {@code unknown}. */
  String originIp() {
    SocketAddress remote = socket.remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    return host == null || host.isEmpty() ? "unknown" : host;
  }

  /** A refused CONNECT or re-authentication: one metric, one audit event, one DEBUG line. */
  void authenticationRefused(AuthResult.Denied denied) {
    broker.metrics().authFailure(denied.org(), denied.reason());
    audit.authenticationFailed(denied.org() == null ? null : denied.org().value(), denied.reason());
    LOG.debugf("authentication of %s failed: %s", endpoint.clientIdentifier(), denied.detail());
  }

  /** Ends this connection because its credential is no longer accepted; on its loop. */
  void revoke(String detail) {
    kick(Kind.KICKED, Reason.ADMINISTRATIVE_ACTION, detail);
  }

  /**
   * An AUTH packet from an MQTT 5 client that chose an Authentication Method at CONNECT: only
   * re-authentication (0x19) with the same method is valid after CONNACK [MQTT-4.12.1].
   */
  void onAuth(int reasonCode, String method, byte[] data) {
    if (reasonCode != 0x19 || !authMethod.equals(method) || data == null || reauthenticating) {
      protocolError(
          Reason.PROTOCOL_ERROR,
          "AUTH must re-authenticate (0x19) with the method " + authMethod + " and data");
      return;
    }
    reauthenticating = true;
    ConnectRequest request = connectRequest.withPassword(data);
    broker
        .authenticator()
        .authenticate(request)
        .whenComplete((result, error) -> loop.execute(() -> reauthenticated(result, error)));
  }

  private void reauthenticated(AuthResult result, Throwable error) {
    reauthenticating = false;
    if (isClosing()) {
      return;
    }
    if (error != null || result instanceof AuthResult.Denied) {
      AuthResult.Denied denied =
          error == null
              ? (AuthResult.Denied) result
              : new AuthResult.Denied(AuthFailure.IDP_UNREACHABLE, org(), "authentication failed");
      authenticationRefused(denied);
      kick(
          Kind.KICKED,
          Reason.NOT_AUTHORIZED,
          "re-authentication failed: " + denied.reason().code());
      return;
    }
    Identity renewed = ((AuthResult.Allowed) result).identity();
    if (!renewed.org().equals(identity.org())
        || !renewed.principal().equals(identity.principal())
        || !renewed.credential().equals(identity.credential())) {
      kick(Kind.KICKED, Reason.NOT_AUTHORIZED, "re-authentication named a different identity");
      return;
    }
    identity = renewed;
    // The renewed token may carry other claims: bind the policy again and re-check what it holds.
    bindAcl(aclPolicy);
    revalidate("reauthenticated");
    scheduleCredentialExpiry();
    socket.writeMessage(
        MqttMessageFactory.newMessage(
            new MqttFixedHeader(MqttMessageType.AUTH, false, MqttQoS.AT_MOST_ONCE, false, 0),
            new MqttReasonCodeAndPropertiesVariableHeader(
                (byte) 0,
                Properties5.of(
                    new MqttProperties.StringProperty(
                        MqttPropertyType.AUTHENTICATION_METHOD.value(), authMethod))),
            null));
  }

  // ---- ending ---------------------------------------------------------------------------------

  private void onClientDisconnect(MqttDisconnectReasonCode code, MqttProperties props) {
    if (code == MqttDisconnectReasonCode.WITH_WILL_MESSAGE) {
      endKind = Kind.CLEAN_WITH_WILL;
    } else {
      endKind = Kind.CLEAN;
      will = null; // a normal DISCONNECT discards the will [MQTT-3.1.2-10]
    }
    endReason = "client sent DISCONNECT " + code;
    if (v5 && props != null && attached) {
      int expiry = Properties5.integer(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL, -1);
      if (expiry >= 0) {
        if (session.state().expiryIntervalSeconds() == 0 && expiry != 0) {
          // vertx-mqtt closes the connection once this handler returns: answer with the packet
          // only, closing here as well would make its own close fail.
          String detail = "session expiry set on DISCONNECT after 0 on CONNECT";
          protocolError(Reason.PROTOCOL_ERROR, detail, false);
          socket.writeMessage(
              MqttMessageFactory.newMessage(
                  new MqttFixedHeader(
                      MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                  new MqttReasonCodeAndPropertiesVariableHeader(
                      (byte) Reason.PROTOCOL_ERROR.code, reasonString(detail)),
                  null));
          closing = true;
          return;
        }
        session
            .state()
            .expiryIntervalSeconds(ConnectHandshake.grantedExpiry(expiry, broker.limits()));
      }
    }
    detachSession();
  }

  private void onException(Throwable error) {
    if (isClosing()) {
      return;
    }
    if (error instanceof DecoderException) {
      protocolError(Reason.MALFORMED_PACKET, String.valueOf(error.getMessage()));
    } else {
      LOG.debugf(error, "connection %s failed", endpoint.clientIdentifier());
      end(Kind.UNGRACEFUL, String.valueOf(error.getMessage()));
    }
  }

  /** The client sent DISCONNECT: vertx-mqtt closes the connection; nothing more is read. */
  void clientDisconnected() {
    closing = true;
  }

  /** A problem before CONNACK: no DISCONNECT is possible yet, the connection just closes. */
  void abortHandshake(String detail) {
    if (isClosing()) {
      return;
    }
    LOG.debugf("closing %s before CONNACK: %s", endpoint.clientIdentifier(), detail);
    broker.metrics().protocolError(Reason.MALFORMED_PACKET.tag());
    broker.metrics().connect("protocol_error");
    closing = true;
    endpoint.close();
  }

  /** Keep-alive expired: no packet for 1.5 times the keep-alive [MQTT-3.1.2-22]. */
  void keepAliveExpired() {
    endKind = Kind.KEEP_ALIVE_TIMEOUT;
    endReason = "no packet within 1.5 x keep-alive";
    broker.metrics().protocolError(Reason.KEEP_ALIVE_TIMEOUT.tag());
    disconnect(Reason.KEEP_ALIVE_TIMEOUT, null);
  }

  /**
   * The client broke the protocol: one reason code, one DEBUG line, one metric, one audit event,
   * then DISCONNECT (MQTT 5) and close [MQTT-4.13.1-1].
   */
  void protocolError(Reason reason, String detail) {
    protocolError(reason, detail, true);
  }

  private void protocolError(Reason reason, String detail, boolean disconnect) {
    if (closed) {
      return;
    }
    LOG.debugf(
        "protocol error from %s: %s (%s)", endpoint.clientIdentifier(), reason.tag(), detail);
    broker.metrics().protocolError(reason.tag());
    // The disconnect event carries it: kind protocol_error, the reason tag and the detail.
    endKind = Kind.PROTOCOL_ERROR;
    endReason = reason.tag() + ": " + detail;
    if (disconnect) {
      disconnect(reason, detail);
    }
  }

  /** A Reason String property with {@code detail}, or none. */
  private static MqttProperties reasonString(String detail) {
    return detail == null
        ? MqttProperties.NO_PROPERTIES
        : Properties5.of(
            new MqttProperties.StringProperty(MqttPropertyType.REASON_STRING.value(), detail));
  }

  /** Sends DISCONNECT with {@code reason} to an MQTT 5 client, then closes. */
  void disconnect(Reason reason, String detail) {
    if (closed || closing) {
      return;
    }
    closing = true;
    if (v5) {
      endpoint.disconnect(
          MqttDisconnectReasonCode.valueOf((byte) reason.code), reasonString(detail));
    } else {
      endpoint.close();
    }
  }

  /** Server shutdown: DISCONNECT 0x8B to MQTT 5 clients; no will, the node is going away. */
  void shutdown() {
    will = null;
    endKind = Kind.SHUTDOWN;
    endReason = "server shutting down";
    disconnect(Reason.SERVER_SHUTTING_DOWN, null);
  }

  private void end(Kind kind, String reason) {
    endKind = kind;
    endReason = reason;
    if (!closed && !closing) {
      closing = true;
      endpoint.close();
    }
  }

  void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    if (!tracker.remove(this)) {
      return; // never accepted: the handshake accounts for it
    }
    tenant.connectionClosed();
    if (credentialExpiry != null) {
      credentialExpiry.cancel(false);
    }
    broker.metrics().connectionClosed();
    broker.metrics().disconnect(endKind.code());
    audit.disconnected(endKind, endReason);
    detachSession();
  }

  /**
   * Hands the session back to the registry (will, expiry). Done at DISCONNECT, not only at close,
   * so that nothing routed after the client said goodbye goes in flight on a dying connection.
   */
  private void detachSession() {
    if (!attached) {
      return;
    }
    attached = false;
    dropWillCopy();
    Will w = will;
    tenant
        .sessions()
        .disconnected(
            session,
            this,
            w == null ? null : w.publication(tenant.router(), session),
            w == null ? 0 : w.delaySeconds());
  }

  // ---- authorization ----------------------------------------------------------------------------

  /**
   * Binds {@code policy} to this connection's identity (at CONNECT and after re-authentication);
   * later checks use it at once.
   */
  void bindAcl(OrgPolicy policy) {
    aclPolicy = policy;
    subject = new Subject(identity.bindings(), sourceAddress(), endpoint.protocolVersion());
    acl = policy.compiled().bind(subject);
  }

  /** The organization activated another policy version (on this connection's loop). */
  void policyChanged(OrgPolicy policy) {
    if (isClosing() || !attached || policy == aclPolicy) {
      return;
    }
    // Same identity, same subject: only the policy is new.
    aclPolicy = policy;
    acl = policy.compiled().bind(subject);
    broker.metrics().aclRebound();
    revalidate("policy_changed");
  }

  /**
   * Applies the current binding to what the session already holds: subscriptions the policy no
   * longer allows are removed (or kept at the highest QoS it still grants), queued messages the
   * session may no longer receive are dropped, and a will it may no longer publish is discarded.
   * MQTT has no packet to tell a client that the server ended a subscription; the removal is
   * counted and audited, and a new SUBSCRIBE to the filter is refused with its reason code.
   */
  void revalidate(String cause) {
    if (session == null) {
      return;
    }
    boolean changed = false;
    for (Map.Entry<SubscriptionFilter, SubscriptionOptions> e :
        List.copyOf(session.state().subscriptions().entrySet())) {
      SubscriptionFilter filter = e.getKey();
      SubscriptionOptions options = e.getValue();
      Decision d = acl.subscribe(filter.filter(), options.maxQos());
      for (int q = options.maxQos() - 1; !d.allowed() && q >= 0; q--) {
        d = acl.subscribe(filter.filter(), q);
      }
      if (!d.allowed()) {
        session.state().unsubscribe(filter);
        tenant.router().unsubscribe(session, filter);
        changed = true;
        aclDenied(
            AclDecided.Action.SUBSCRIPTION_REMOVED, filter.value(), options.maxQos(), false, d);
        LOG.debugf("%s: removed subscription %s (%s)", endpoint.clientIdentifier(), filter, cause);
      } else if (d.qos() < options.maxQos()) {
        SubscriptionOptions lower =
            new SubscriptionOptions(
                d.qos(),
                options.noLocal(),
                options.retainAsPublished(),
                options.retainHandling(),
                options.subscriptionId());
        session.state().subscribe(filter, lower);
        tenant.router().subscribe(session, filter, lower);
        changed = true;
      }
    }
    if (changed) {
      session.changed();
    }
    int dropped = session.dropQueued(delivery -> !acl.mayReceive(delivery.message().topic()));
    if (dropped > 0) {
      LOG.debugf(
          "%s: dropped %d queued messages it may no longer receive (%s)",
          endpoint.clientIdentifier(), dropped, cause);
    }
    if (will != null) {
      Decision d = acl.publish(will.topic(), will.qos(), will.retain());
      if (!d.allowed()) {
        aclDenied(AclDecided.Action.WILL, will.topic().value(), will.qos(), will.retain(), d);
        will = null;
        dropWillCopy();
      }
    }
  }

  /** A refusal by the ACL: one metric and one audit event naming the deciding rule. */
  void aclDenied(AclDecided.Action action, String topic, int qos, boolean retain, Decision d) {
    broker.metrics().aclDenied(action.code(), d.reason().code());
    audit.aclDecided(action, topic, qos, retain, d);
  }

  /** The client's IP address for source conditions, or null (a source condition then fails). */
  private InetAddress sourceAddress() {
    if (socket.remoteAddress() == null || socket.remoteAddress().hostAddress() == null) {
      return null;
    }
    try {
      return InetAddress.getByName(socket.remoteAddress().hostAddress()); // a literal: no lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The organization, once authenticated; null before. */
  OrgId org() {
    return identity == null ? null : identity.org();
  }

  String remoteAddress() {
    return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().toString();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Whether an answer may still be sent. One that waited (for the cluster or the journal) may come
   * after vertx-mqtt closed the connection and before this connection heard of it.
   */
  boolean canAnswer() {
    return !closed && endpoint.isConnected();
  }

  /** Whether the broker has started ending this connection: later packets are dropped. */
  boolean isClosing() {
    return closing || closed;
  }
}
