package io.aviary.node.connection;

import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.broker.auth.AuthFailure;
import io.aviary.broker.auth.AuthResult;
import io.aviary.broker.auth.ConnectRequest;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.topic.InvalidTopicException;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.acl.OrgPolicy;
import io.aviary.node.config.BrokerConfig;
import io.aviary.node.session.Handover;
import io.aviary.node.session.Session;
import io.aviary.node.session.SessionRegistry.OpenRequest;
import io.aviary.node.session.Will;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttWill;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jboss.logging.Logger;

/**
 * The CONNECT handshake [MQTT-3.1]: validate what the client sent, authenticate, authorize the
 * will, open or resume the session, and answer CONNACK with the limits this broker enforces.
 * Reading pauses until CONNACK so that packets sent before it wait instead of being refused.
 */
final class ConnectHandshake {
  private static final Logger LOG = Logger.getLogger(ConnectHandshake.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The MQTT 5 Authentication Method for a JWT carried in Authentication Data instead of the
   * password; clients that use it may re-authenticate with AUTH before the token expires.
   */
  static final String JWT_METHOD = "JWT";

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final MqttConnection c;
  private final MqttEndpoint ep;
  private final BrokerConfig.Mqtt limits;
  private String clientId;
  private boolean assignedClientId;

  ConnectHandshake(MqttConnection connection) {
    this.c = connection;
    this.ep = connection.endpoint;
    this.limits = connection.broker.limits();
  }

  void run() {
    c.installGuard();
    ep.closeHandler(v -> c.onClosed());
    if (c.tracker.isClosing()) {
      refuse(
          MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5,
          MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
          "server_shutting_down",
          "the server is shutting down");
      return;
    }
    clientId = ep.clientIdentifier();
    if (clientId == null || clientId.isEmpty()) {
      clientId = newClientId();
      assignedClientId = true;
      ep.setClientIdentifier(clientId);
    } else if (clientId.length() > limits.maxClientIdLength() || clientId.indexOf('\0') >= 0) {
      refuse(
          MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID,
          MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
          AuthFailure.CLIENT_ID_REJECTED.code(),
          "client id longer than " + limits.maxClientIdLength() + " characters or containing NUL");
      return;
    }
    MqttProperties props = ep.connectProperties();
    byte[] authData = null;
    if (c.v5 && Properties5.has(props, MqttPropertyType.AUTHENTICATION_METHOD)) {
      authData = Properties5.binary(props, MqttPropertyType.AUTHENTICATION_DATA);
      if (!JWT_METHOD.equals(Properties5.string(props, MqttPropertyType.AUTHENTICATION_METHOD))
          || authData == null) {
        refuse(
            MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
            null,
            "bad_authentication_method",
            "the only authentication method is " + JWT_METHOD + ", with the token as its data");
        return;
      }
      c.authMethod = JWT_METHOD;
    }
    if (c.v5
        && (zeroWhenPresent(props, MqttPropertyType.RECEIVE_MAXIMUM)
            || zeroWhenPresent(props, MqttPropertyType.MAXIMUM_PACKET_SIZE))) {
      refuse(
          MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR,
          null,
          "protocol_error",
          "Receive Maximum and Maximum Packet Size must not be 0");
      return;
    }
    Will will;
    try {
      will = parseWill(ep.will());
    } catch (InvalidTopicException e) {
      refuse(
          MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID,
          null,
          "will_topic_invalid",
          "will topic: " + e.getMessage());
      return;
    }
    ConnectCapture.Credentials credentials = ConnectCapture.credentials(c.socket);
    ConnectRequest request =
        new ConnectRequest(
            clientId,
            credentials == null ? null : credentials.username(),
            authData != null ? authData : credentials == null ? null : credentials.password(),
            ep.protocolVersion(),
            c.remoteAddress(),
            c.listener,
            ep.isSsl(),
            peerCertificates());
    c.connectRequest = request;
    c.broker
        .authenticator()
        .authenticate(request)
        .whenComplete(
            (result, error) -> c.loop.execute(() -> authenticated(result, error, will, props)));
  }

  private void authenticated(AuthResult result, Throwable error, Will will, MqttProperties props) {
    if (c.isClosing()) {
      return;
    }
    if (error != null) {
      LOG.warnf(error, "authentication of %s failed with an error", clientId);
      refuse(
          MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5,
          MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
          AuthFailure.IDP_UNREACHABLE.code(),
          "authentication unavailable");
      return;
    }
    if (result instanceof AuthResult.Denied denied) {
      authFailed(denied);
      return;
    }
    AuthResult.Allowed allowed = (AuthResult.Allowed) result;
    c.identity = allowed.identity();
    c.tenant = c.broker.tenants().of(c.identity.org());
    CompletableFuture<OrgPolicy> policy =
        c.broker.acls().policy(c.identity.org()).toCompletableFuture();
    if (policy.isDone() && !policy.isCompletedExceptionally()) {
      authorized(policy.join(), null, will, props); // cached, and this is the connection's loop
    } else {
      policy.whenComplete((p, e) -> c.loop.execute(() -> authorized(p, e, will, props)));
    }
  }

  private void authorized(OrgPolicy policy, Throwable error, Will will, MqttProperties props) {
    if (c.isClosing()) {
      return;
    }
    if (error != null) {
      LOG.warnf("the ACL policy of %s is unavailable: %s", c.identity.org(), error.getMessage());
      refuse(
          MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5,
          MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
          "acl_unavailable",
          "authorization unavailable");
      return;
    }
    c.bindAcl(policy);
    if (will != null) {
      Decision d = c.acl.publish(will.topic(), will.qos(), will.retain());
      if (!d.allowed()) {
        c.aclDenied(AclDecided.Action.WILL, will.topic().value(), will.qos(), will.retain(), d);
        refuse(
            MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5,
            MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
            "will_not_authorized",
            "the will topic is not allowed");
        return;
      }
    }
    c.will = will;
    open(props);
  }

  private void authFailed(AuthResult.Denied denied) {
    AuthFailure reason = denied.reason();
    c.authenticationRefused(denied);
    // The reason string names the closed-set reason only; the detail stays in the server's log.
    switch (reason) {
      case IDP_UNREACHABLE ->
          refuse(
              MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5,
              MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
              reason.code(),
              reason.code());
      case QUOTA_EXCEEDED ->
          refuse(
              MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED,
              MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
              reason.code(),
              reason.code());
      case REVOKED ->
          refuse(
              MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5,
              MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
              reason.code(),
              reason.code());
      case CLIENT_ID_REJECTED ->
          refuse(
              MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID,
              MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
              reason.code(),
              reason.code());
      default ->
          refuse(
              MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD,
              MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
              reason.code(),
              reason.code());
    }
  }

  /** What the broker grants a connection in CONNACK, and the client limits it must respect. */
  private record Grant(
      int keepAlive,
      boolean keepAliveChanged,
      long expiry,
      boolean expiryChanged,
      int sendQuota,
      int clientMaxPacket,
      int clientAliasMax) {}

  private Grant grant(MqttProperties props) {
    int clientKeepAlive = ep.keepAliveTimeSeconds();
    if (!c.v5) {
      long expiry = ep.isCleanSession() ? 0 : limits.sessionExpiryMax().toSeconds();
      return new Grant(clientKeepAlive, false, expiry, false, limits.maxInflight(), 0, 0);
    }
    int min = (int) limits.keepAliveMin().toSeconds();
    int max = (int) limits.keepAliveMax().toSeconds();
    int keepAlive = clientKeepAlive == 0 ? max : Math.clamp(clientKeepAlive, min, max);
    int requestedExpiry = Properties5.integer(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0);
    long expiry = grantedExpiry(requestedExpiry, limits);
    return new Grant(
        keepAlive,
        keepAlive != clientKeepAlive,
        expiry,
        expiry != Integer.toUnsignedLong(requestedExpiry),
        Math.min(
            limits.maxInflight(),
            Properties5.integer(props, MqttPropertyType.RECEIVE_MAXIMUM, 65_535)),
        Properties5.integer(props, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0),
        Properties5.integer(props, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0));
  }

  private void open(MqttProperties props) {
    Grant grant = grant(props);
    boolean cleanStart = ep.isCleanSession();
    // In a cluster another node may hold the session: it closes that connection and hands the
    // state over first. On a single node the claim is complete at once.
    CompletableFuture<Void> opened = new CompletableFuture<>();
    CompletableFuture<Handover> claimed =
        c.tenant.claim(clientId, cleanStart, opened).toCompletableFuture();
    if (claimed.isDone() && !claimed.isCompletedExceptionally()) {
      open(grant, cleanStart, claimed.join(), opened);
    } else {
      claimed.whenComplete(
          (handover, failure) -> c.loop.execute(() -> open(grant, cleanStart, handover, opened)));
    }
  }

  private void open(
      Grant grant, boolean cleanStart, Handover handover, CompletableFuture<Void> opened) {
    try {
      c.tenant
          .sessions()
          .open(
              new OpenRequest(
                  clientId, cleanStart, grant.expiry(), c, c.loop, grant.sendQuota(), handover),
              (session, present) -> {
                // A takeover waiting for this runs later on the session's loop, after opened().
                opened.complete(null);
                opened(session, present, grant);
              });
    } catch (RuntimeException e) {
      opened.complete(null);
      throw e;
    }
  }

  private void opened(Session session, boolean present, Grant grant) {
    if (c.isClosing()) {
      // The client left while the session was being opened.
      c.tenant.sessions().disconnected(session, c, null, 0);
      return;
    }
    MqttProperties connack = MqttProperties.NO_PROPERTIES;
    if (c.v5) {
      connack = new MqttProperties();
      connack.add(
          Properties5.integerProperty(MqttPropertyType.RECEIVE_MAXIMUM, limits.receiveMaximum()));
      connack.add(
          Properties5.integerProperty(
              MqttPropertyType.MAXIMUM_PACKET_SIZE, limits.maxPacketSize()));
      connack.add(
          Properties5.integerProperty(
              MqttPropertyType.TOPIC_ALIAS_MAXIMUM, limits.topicAliasMaximum()));
      if (c.authMethod != null) {
        connack.add(
            new MqttProperties.StringProperty(
                MqttPropertyType.AUTHENTICATION_METHOD.value(), c.authMethod));
      }
      if (assignedClientId) {
        connack.add(
            new MqttProperties.StringProperty(
                MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), clientId));
      }
      if (grant.keepAliveChanged()) {
        connack.add(
            Properties5.integerProperty(MqttPropertyType.SERVER_KEEP_ALIVE, grant.keepAlive()));
      }
      if (grant.expiryChanged()) {
        connack.add(
            Properties5.integerProperty(
                MqttPropertyType.SESSION_EXPIRY_INTERVAL, (int) grant.expiry()));
      }
    }
    c.writer = new OutboundWriter(c.socket, c.v5, grant.clientMaxPacket(), grant.clientAliasMax());
    ep.publishAutoAck(false);
    ep.subscriptionAutoAck(false);
    ep.accept(present, connack);
    c.attached(session, present, grant.keepAlive(), c.v5 ? limits.topicAliasMaximum() : 0);
    if (present) {
      // A resumed session keeps subscriptions and queued messages made under an earlier identity
      // or policy version: re-check them before anything queued is sent.
      c.revalidate("session_resumed");
    }
    c.broker.metrics().connect("accepted");
  }

  /** The Session Expiry Interval granted for a requested one (0xFFFFFFFF means never). */
  static long grantedExpiry(int requested, BrokerConfig.Mqtt limits) {
    long seconds = Integer.toUnsignedLong(requested);
    return Math.min(seconds, limits.sessionExpiryMax().toSeconds());
  }

  private Will parseWill(MqttWill w) {
    if (w == null || !w.isWillFlag()) {
      return null;
    }
    TopicName topic = TopicName.parse(w.getWillTopic(), limits.maxTopicLevels());
    MqttProperties props = w.getWillProperties();
    long delay = 0;
    long expiry = -1;
    PublishProperties forwarded = PublishProperties.NONE;
    if (c.v5 && props != null) {
      delay =
          Integer.toUnsignedLong(
              Properties5.integer(props, MqttPropertyType.WILL_DELAY_INTERVAL, 0));
      int e = Properties5.integer(props, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1);
      expiry = e == -1 ? -1 : Integer.toUnsignedLong(e);
      forwarded = Properties5.forwarded(props);
    }
    byte[] payload = w.getWillMessageBytes() == null ? new byte[0] : w.getWillMessageBytes();
    return new Will(topic, payload, w.getWillQos(), w.isWillRetain(), forwarded, expiry, delay);
  }

  private void refuse(
      MqttConnectReturnCode code5, MqttConnectReturnCode code3, String tag, String detail) {
    LOG.debugf("refused CONNECT from %s (%s): %s", clientId, c.remoteAddress(), detail);
    c.broker.metrics().connect(tag);
    if (c.v5) {
      MqttProperties props =
          Properties5.of(
              new MqttProperties.StringProperty(MqttPropertyType.REASON_STRING.value(), detail));
      ep.reject(code5, props);
    } else if (code3 != null) {
      ep.reject(code3);
    } else {
      ep.close();
    }
  }

  private List<X509Certificate> peerCertificates() {
    if (!ep.isSsl()) {
      return List.of();
    }
    try {
      List<X509Certificate> certs = new ArrayList<>();
      for (Certificate cert : ep.sslSession().getPeerCertificates()) {
        if (cert instanceof X509Certificate x) {
          certs.add(x);
        }
      }
      return certs;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private static boolean zeroWhenPresent(MqttProperties props, MqttPropertyType type) {
    return Properties5.has(props, type) && Properties5.integer(props, type, -1) == 0;
  }

  private static String newClientId() {
    char[] id = new char[26];
    for (int i = 0; i < id.length; i++) {
      id[i] = BASE32[RANDOM.nextInt(32)];
    }
    return "aviary-" + new String(id);
  }
}
