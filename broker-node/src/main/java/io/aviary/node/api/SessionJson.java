package io.aviary.node.api;

import io.aviary.identity.CertificateVerifier;
import io.aviary.node.connection.LiveSessions;
import io.aviary.node.connection.SessionView;
import io.aviary.node.identity.PlatformCredentials;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of the sessions API, snake_case. Every field is always present (null when it does not
 * apply), so the console and scripts never guess whether a field was left out.
 */
final class SessionJson {
  private SessionJson() {}

  /** A token from one of the organization's identity providers. */
  static final String JWT = "jwt";

  /** The test profile's clients without credentials (broker-core's anonymous authenticator). */
  private static final String ANONYMOUS = "anonymous";

  static JsonObject page(LiveSessions.Page page, String nodeId) {
    JsonArray sessions = new JsonArray();
    for (SessionView s : page.sessions()) {
      sessions.add(session(s, nodeId));
    }
    return new JsonObject().put("sessions", sessions).put("next_after", page.nextAfter());
  }

  static JsonObject session(SessionView s, String nodeId) {
    SessionView.Connection c = s.connection();
    JsonObject json =
        new JsonObject()
            .put("client_id", s.clientId())
            .put("connected", s.connected())
            .put("node_id", nodeId)
            .put("username", c == null ? null : c.username())
            .put("principal", c == null ? null : c.principal())
            .put("bindings", c == null ? null : bindings(c.bindings()))
            .put("credential", c == null ? null : credentialKind(c.credential()))
            .put("idp_id", c == null ? null : idpId(c.credential()))
            .put("listener", c == null ? null : c.listener())
            .put("transport", c == null ? null : c.transport().code())
            .put("mqtt_version", c == null ? null : c.mqttVersion().code())
            .put("tls_version", c == null ? null : c.tlsVersion())
            .put("tls_cipher", c == null ? null : c.tlsCipher())
            .put("origin_ip", c == null ? null : c.originIp())
            .put("origin_port", c == null ? null : c.originPort())
            .put("connected_at", c == null ? null : time(c.connectedAt()))
            .put("credential_expires_at", c == null ? null : time(c.credentialExpiresAt()))
            .put("keep_alive", c == null ? null : c.keepAliveSeconds())
            .put("clean_start", c == null ? null : c.cleanStart())
            .put("session_expiry_interval", s.sessionExpiryIntervalSeconds())
            .put("disconnected_at", time(s.disconnectedAt()))
            .put("subscription_count", s.subscriptionCount())
            .put("queued_messages", s.queuedMessages())
            .put("inflight_messages", s.inflightMessages());
    if (s.subscriptions() != null) {
      json.put("subscriptions", subscriptions(s.subscriptions()));
    }
    return json;
  }

  private static JsonArray subscriptions(List<SessionView.Subscription> subscriptions) {
    JsonArray array = new JsonArray();
    for (SessionView.Subscription sub : subscriptions) {
      array.add(
          new JsonObject()
              .put("filter", sub.filter())
              .put("shared_group", sub.sharedGroup())
              .put("qos", sub.qos())
              .put("no_local", sub.noLocal())
              .put("retain_as_published", sub.retainAsPublished())
              .put("retain_handling", sub.retainHandling())
              .put(
                  "subscription_identifier",
                  sub.subscriptionId() == 0 ? null : sub.subscriptionId()));
    }
    return array;
  }

  /**
   * {@code jwt} (an IdP connection), {@code platform}, {@code certificate} or {@code anonymous}.
   */
  static String credentialKind(String credential) {
    return switch (credential) {
      case PlatformCredentials.CONNECTION_ID, CertificateVerifier.CREDENTIAL, ANONYMOUS ->
          credential;
      default -> JWT;
    };
  }

  /** The IdP connection id of a JWT credential, else null. */
  private static String idpId(String credential) {
    return JWT.equals(credentialKind(credential)) ? credential : null;
  }

  private static JsonObject bindings(Map<String, List<String>> bindings) {
    JsonObject json = new JsonObject();
    new TreeMap<>(bindings).forEach((name, values) -> json.put(name, new JsonArray(values)));
    return json;
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
