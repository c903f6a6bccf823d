package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import io.aviary.node.acl.FileAclSource;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The change feed of a file-based organization directory: {@code <org_id>.json} written, replaced
 * or removed is that organization's configuration changing, {@code <org_id>.acl.json} its ACL
 * policy.
 */
public final class OrgFileWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OrgFileWatcher.class);

  private final WatchService watcher;
  private final Thread thread;

  public OrgFileWatcher(
      Path dir, BiConsumer<OrgId, String> configChanged, BiConsumer<OrgId, String> policyChanged)
      throws IOException {
    this.watcher = FileSystems.getDefault().newWatchService();
    dir.register(
        watcher,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("aviary-org-files")
            .unstarted(() -> run(configChanged, policyChanged));
    thread.start();
  }

  private void run(
      BiConsumer<OrgId, String> configChanged, BiConsumer<OrgId, String> policyChanged) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path file) {
            String name = file.getFileName().toString();
            if (name.endsWith(FileAclSource.SUFFIX)) {
              OrgId.parse(name.substring(0, name.length() - FileAclSource.SUFFIX.length()))
                  .ifPresent(org -> policyChanged.accept(org, event.kind().name()));
            } else if (name.endsWith(".json")) {
              OrgId.parse(name.substring(0, name.length() - ".json".length()))
                  .ifPresent(org -> configChanged.accept(org, event.kind().name()));
            }
          }
        }
        if (!key.reset()) {
          LOG.warn("the organization directory is gone; no more changes are seen");
          return;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    watcher.close();
  }
}
