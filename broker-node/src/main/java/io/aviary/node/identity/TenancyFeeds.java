package io.aviary.node.identity;

import io.aviary.node.Broker;
import io.aviary.node.config.BrokerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Starts the feed of organization configuration changes with the node: tenant-api's change feed, or
 * a watch on the organization directory.
 */
@ApplicationScoped
public class TenancyFeeds {
  private final Broker broker;
  private final BrokerConfig config;
  private AutoCloseable feed;

  public TenancyFeeds(Broker broker, BrokerConfig config) {
    this.broker = broker;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    broker
        .changes()
        .ifPresent(
            changes -> {
              if (broker.tenantApi().isPresent()) {
                ChangeFeed changeFeed = new ChangeFeed(broker.tenantApi().get(), changes);
                changeFeed.start();
                feed = changeFeed;
              } else {
                try {
                  feed = new OrgFileWatcher(Path.of(config.tenancy().orgsDir().get()), changes);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
  }

  void stop(@Observes ShutdownEvent event) throws Exception {
    if (feed != null) {
      feed.close();
    }
  }
}
