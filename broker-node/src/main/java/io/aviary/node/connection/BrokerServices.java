package io.aviary.node.connection;

import io.aviary.broker.auth.Authenticator;
import io.aviary.node.acl.Acls;
import io.aviary.node.audit.AuditSink;
import io.aviary.node.config.BrokerConfig;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.tenant.Tenants;

/** What every connection of this node shares. */
public record BrokerServices(
    BrokerConfig.Mqtt limits,
    Tenants tenants,
    BrokerMetrics metrics,
    Authenticator authenticator,
    Acls acls,
    AuditSink audit,
    String nodeId) {}
