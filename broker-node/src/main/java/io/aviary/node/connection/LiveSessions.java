package io.aviary.node.connection;

import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.session.OutboundQueue;
import io.aviary.broker.session.SessionState;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.session.Session;
import io.aviary.node.tenant.Tenant;
import io.aviary.node.tenant.Tenants;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The sessions of an organization on this node, for administrators: listed, described with their
 * subscriptions, disconnected or discarded. Only the organization's own namespace is read, so a
 * lookup cannot reach another organization's sessions. Every session is read on its owner loop; the
 * answers complete on those loops.
 */
public final class LiveSessions {
  private final Tenants tenants;
  private final BrokerMetrics metrics;

  public LiveSessions(Tenants tenants, BrokerMetrics metrics) {
    this.tenants = tenants;
    this.metrics = metrics;
  }

  /**
   * A page of sessions in client-id order.
   *
   * @param sessions at most the page's limit
   * @param nextAfter the client id to continue after, or null when this page is the last
   */
  public record Page(List<SessionView> sessions, String nextAfter) {}

  /** What a disconnect request did. */
  public enum Outcome {
    /** The connection was ended; its session stays as long as its expiry says. */
    DISCONNECTED,
    /** The connection (if any) was ended and the session with it. */
    DISCARDED,
    /** No session with that client id. */
    NOT_FOUND,
    /** The session is held offline and the request did not ask to discard it. */
    NOT_CONNECTED
  }

  /**
   * The sessions of {@code org} whose client id sorts after {@code after} (null: from the start),
   * at most {@code limit}, connected and offline alike.
   */
  public CompletionStage<Page> list(OrgId org, String after, int limit) {
    Optional<Tenant> tenant = tenants.find(org);
    if (tenant.isEmpty()) {
      return CompletableFuture.completedFuture(new Page(List.of(), null));
    }
    List<String> ids = new ArrayList<>(tenant.get().sessions().clientIds());
    ids.removeIf(id -> after != null && id.compareTo(after) <= 0);
    ids.sort(null);
    boolean more = ids.size() > limit;
    List<String> page = more ? ids.subList(0, limit) : ids;
    List<CompletableFuture<SessionView>> views = new ArrayList<>(page.size());
    for (String id : page) {
      views.add(describe(tenant.get(), id, false).toCompletableFuture());
    }
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              // A session that ended while the page was read is left out.
              List<SessionView> found =
                  views.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
              return new Page(found, more ? page.get(page.size() - 1) : null);
            });
  }

  /** The session of {@code clientId} in {@code org}, with its subscriptions. */
  public CompletionStage<Optional<SessionView>> find(OrgId org, String clientId) {
    return tenants
        .find(org)
        .map(t -> describe(t, clientId, true).thenApply(Optional::ofNullable))
        .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
  }

  /**
   * Ends the connection of {@code clientId} in {@code org} (DISCONNECT 0x98 for MQTT 5), and with
   * {@code discard} its session too. An offline session can only be discarded.
   *
   * @param actor who asked, for the audit event
   */
  public CompletionStage<Outcome> disconnect(
      OrgId org, String clientId, boolean discard, String actor) {
    Optional<Session> found = tenants.find(org).flatMap(t -> t.sessions().find(clientId));
    if (found.isEmpty()) {
      return CompletableFuture.completedFuture(Outcome.NOT_FOUND);
    }
    Tenant tenant = tenants.find(org).orElseThrow();
    Session session = found.get();
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    session.execute(
        () -> {
          Outcome result;
          if (session.isEnded()) {
            result = Outcome.NOT_FOUND;
          } else if (session.link() instanceof MqttConnection c && c.isAttached()) {
            c.disconnectByAdministrator(actor, discard);
            result = discard ? Outcome.DISCARDED : Outcome.DISCONNECTED;
          } else if (discard) {
            tenant.sessions().end(session);
            result = Outcome.DISCARDED;
          } else {
            result = Outcome.NOT_CONNECTED;
          }
          if (result == Outcome.DISCONNECTED || result == Outcome.DISCARDED) {
            metrics.adminDisconnect(result.name().toLowerCase(Locale.ROOT));
          }
          outcome.complete(result);
        });
    return outcome;
  }

  /** Reads one session on its owner loop; null when there is none (or it just ended). */
  private static CompletionStage<SessionView> describe(
      Tenant tenant, String clientId, boolean withSubscriptions) {
    Optional<Session> found = tenant.sessions().find(clientId);
    if (found.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Session session = found.get();
    CompletableFuture<SessionView> view = new CompletableFuture<>();
    session.execute(
        () -> {
          try {
            view.complete(session.isEnded() ? null : view(session, withSubscriptions));
          } catch (RuntimeException e) {
            view.completeExceptionally(e);
          }
        });
    return view;
  }

  private static SessionView view(Session session, boolean withSubscriptions) {
    SessionState state = session.state();
    SessionView.Connection connection =
        session.link() instanceof MqttConnection c && c.isAttached() ? c.describe() : null;
    OutboundQueue out = state.outbound();
    List<SessionView.Subscription> subscriptions = null;
    if (withSubscriptions) {
      subscriptions = new ArrayList<>(state.subscriptions().size());
      for (Map.Entry<SubscriptionFilter, SubscriptionOptions> e :
          state.subscriptions().entrySet()) {
        SubscriptionOptions o = e.getValue();
        subscriptions.add(
            new SessionView.Subscription(
                e.getKey().filter().value(),
                e.getKey().shareGroup(),
                o.maxQos(),
                o.noLocal(),
                o.retainAsPublished(),
                o.retainHandling(),
                o.subscriptionId()));
      }
    }
    return new SessionView(
        state.clientId(),
        connection,
        state.expiryIntervalSeconds(),
        state.subscriptions().size(),
        out.queuedCount(),
        out.inFlightCount(),
        connection == null ? session.detachedAt() : null,
        subscriptions);
  }
}
