package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.aviary.node.Broker;
import io.aviary.node.acl.Acls;
import io.aviary.node.config.BrokerConfig;
import io.aviary.node.platform.ChangeFeed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Starts the feeds of changes with the node: tenant-api's configuration changes (or a watch on the
 * organization directory, which also sees {@code .acl.json} policy files) and acl-service's policy
 * activations.
 */
@ApplicationScoped
public class TenancyFeeds {
  private final Broker broker;
  private final BrokerConfig config;
  private final List<AutoCloseable> feeds = new ArrayList<>();

  public TenancyFeeds(Broker broker, BrokerConfig config) {
    this.broker = broker;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    Acls acls = broker.services().acls();
    broker
        .changes()
        .ifPresent(
            changes -> {
              if (broker.tenantApi().isPresent()) {
                feeds.add(started(new ChangeFeed(broker.tenantApi().get(), changes::changed)));
              } else {
                BiConsumer<OrgId, String> policies =
                    broker.aclService().isPresent() ? (org, kind) -> {} : acls::changed;
                try {
                  feeds.add(
                      new OrgFileWatcher(
                          Path.of(config.tenancy().orgsDir().get()), changes::changed, policies));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
    broker
        .aclService()
        .ifPresent(service -> feeds.add(started(new ChangeFeed(service, acls::changed))));
  }

  private static ChangeFeed started(ChangeFeed feed) {
    feed.start();
    return feed;
  }

  void stop(@Observes ShutdownEvent event) throws Exception {
    for (AutoCloseable feed : feeds) {
      feed.close();
    }
  }
}
