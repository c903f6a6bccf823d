package io.aviary.node;

import io.aviary.broker.auth.AnonymousAuthenticator;
import io.aviary.broker.auth.FixedAuthorizer;
import io.aviary.broker.auth.RefusingAuthenticator;
import io.aviary.broker.retained.InMemoryRetainedStore;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.session.InMemorySessionStore;
import io.aviary.node.config.BrokerConfig;
import io.aviary.node.connection.BrokerServices;
import io.aviary.node.connection.ConnectionTracker;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Router;
import io.aviary.node.session.Session;
import io.aviary.node.session.SessionRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wires the broker's parts once per node: the in-memory stores behind their ports, the router, the
 * session registry and the authentication and authorization ports. Development mode is the only
 * place anonymous access and allow-all authorization are wired in.
 */
@ApplicationScoped
public class Broker {
  private final BrokerServices services;
  private final ConnectionTracker connections = new ConnectionTracker();

  public Broker(BrokerConfig config, MeterRegistry registry) {
    BrokerMetrics metrics = new BrokerMetrics(registry);
    SubscriptionIndex<Session> index = new SubscriptionIndex<>();
    InMemoryRetainedStore retained =
        new InMemoryRetainedStore(config.limits().maxRetainedMessages());
    Router router = new Router(index, retained, metrics);
    SessionRegistry sessions =
        new SessionRegistry(
            new InMemorySessionStore(), index, metrics, config.limits().maxQueuedMessages());
    boolean dev = config.devMode();
    this.services =
        new BrokerServices(
            config.limits(),
            sessions,
            router,
            metrics,
            dev ? new AnonymousAuthenticator() : new RefusingAuthenticator(),
            dev ? FixedAuthorizer.ALLOW_ALL : FixedAuthorizer.DENY_ALL,
            new LoggingAuditSink());
    metrics.gauge("aviary.sessions", "Sessions held by this node", sessions::size);
    metrics.gauge("aviary.subscriptions", "Subscriptions held by this node", index::size);
    metrics.gauge("aviary.retained.messages", "Retained messages", retained::size);
  }

  public BrokerServices services() {
    return services;
  }

  public ConnectionTracker connections() {
    return connections;
  }
}
