package io.aviary.node.identity;

import io.aviary.broker.tenant.OrgId;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.jboss.logging.Logger;

/**
 * The change feed of a file-based organization directory: a file written, replaced or removed is
 * that organization's configuration changing.
 */
public final class OrgFileWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OrgFileWatcher.class);

  private final WatchService watcher;
  private final Thread thread;

  public OrgFileWatcher(Path dir, OrgChanges changes) throws IOException {
    this.watcher = FileSystems.getDefault().newWatchService();
    dir.register(
        watcher,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    this.thread =
        Thread.ofPlatform().daemon().name("aviary-org-files").unstarted(() -> run(changes));
    thread.start();
  }

  private void run(OrgChanges changes) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path file) {
            String name = file.getFileName().toString();
            if (name.endsWith(".json")) {
              OrgId.parse(name.substring(0, name.length() - ".json".length()))
                  .ifPresent(org -> changes.changed(org, event.kind().name()));
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
