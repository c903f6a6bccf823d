package io.aviary.node.connection;

import io.aviary.broker.audit.AuditSink;
import io.aviary.broker.auth.Authenticator;
import io.aviary.broker.auth.Authorizer;
import io.aviary.node.config.BrokerConfig;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Router;
import io.aviary.node.session.SessionRegistry;

/** What every connection of this node shares. */
public record BrokerServices(
    BrokerConfig.Mqtt limits,
    SessionRegistry sessions,
    Router router,
    BrokerMetrics metrics,
    Authenticator authenticator,
    Authorizer authorizer,
    AuditSink audit) {}
