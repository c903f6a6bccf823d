package io.aviary.node.connection;

import io.aviary.audit.event.AuditRecord.ClientConnected;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One session of this node as an administrator sees it. Topics and filters are as the client sees
 * them: the organization's namespace is structural, so no mountpoint can appear here.
 *
 * @param clientId the client id the session is held under (as the client sent it, or as assigned)
 * @param connection the attached connection, or null when the session is held offline
 * @param sessionExpiryIntervalSeconds how long the session outlives its connection (granted)
 * @param subscriptionCount its subscriptions
 * @param queuedMessages QoS 1/2 messages waiting to be sent
 * @param inflightMessages QoS 1/2 messages sent and not yet acknowledged
 * @param disconnectedAt when an offline session's connection went away; null while connected
 * @param subscriptions its subscriptions, or null when not asked for (listings)
 */
public record SessionView(
    String clientId,
    Connection connection,
    long sessionExpiryIntervalSeconds,
    int subscriptionCount,
    int queuedMessages,
    int inflightMessages,
    Instant disconnectedAt,
    List<Subscription> subscriptions) {

  public boolean connected() {
    return connection != null;
  }

  /**
   * The connection attached to a session.
   *
   * @param username the username as sent, or null
   * @param principal who the credential says the client is (a token's subject, a certificate's CN)
   * @param bindings the identity bindings the ACL sees
   * @param credential what vouched for it: an IdP connection id, {@code platform}, {@code
   *     certificate} or {@code anonymous}
   * @param listener the listener it came through: mqtt, mqtts, ws or wss
   * @param tlsVersion null on tcp and ws
   * @param tlsCipher null on tcp and ws
   * @param keepAliveSeconds the keep-alive granted
   * @param credentialExpiresAt when the broker ends the connection because its credential expires,
   *     or null
   */
  public record Connection(
      String username,
      String principal,
      Map<String, List<String>> bindings,
      String credential,
      String listener,
      ClientConnected.Transport transport,
      ClientConnected.MqttVersion mqttVersion,
      String tlsVersion,
      String tlsCipher,
      String originIp,
      int originPort,
      Instant connectedAt,
      boolean cleanStart,
      int keepAliveSeconds,
      Instant credentialExpiresAt) {}

  /**
   * One subscription with its options [MQTT-3.8.3.1].
   *
   * @param filter the filter without {@code $share/<group>/}
   * @param sharedGroup the share name, or null
   * @param qos the maximum QoS granted
   * @param subscriptionId the Subscription Identifier, 0 when none
   */
  public record Subscription(
      String filter,
      String sharedGroup,
      int qos,
      boolean noLocal,
      boolean retainAsPublished,
      int retainHandling,
      int subscriptionId) {}
}
