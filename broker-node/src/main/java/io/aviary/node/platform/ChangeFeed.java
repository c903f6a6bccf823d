package io.aviary.node.platform;

import io.aviary.broker.tenant.OrgId;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A platform service's change feed (tenant-api's configuration changes, acl-service's policy
 * activations): server-sent events, each naming the organization. Read on a thread of its own;
 * resumes after the last event seen when the stream breaks, retrying with a bounded backoff.
 */
public final class ChangeFeed implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final InternalApiClient client;
  private final BiConsumer<OrgId, String> changes;
  private final Thread thread;
  private volatile boolean closed;

  /** The last change applied; -1 until the first connection, which starts from "now". */
  private volatile long lastSeq = -1;

  /**
   * @param changes called with the organization and the event kind, on the feed's thread
   */
  public ChangeFeed(InternalApiClient client, BiConsumer<OrgId, String> changes) {
    this.client = client;
    this.changes = changes;
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("aviary-change-feed-" + client.service())
            .unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    long backoffMillis = 250;
    while (!closed) {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(client.changesUri(lastSeq))
                .header("Authorization", "Bearer " + client.token())
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<Stream<String>> response =
            client.http().send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
          response.body().close();
          throw new IOException(client.service() + " answered " + response.statusCode());
        }
        backoffMillis = 250;
        if (lastSeq < 0) {
          // Subscribed: from here on a broken stream resumes after the last change seen, and
          // replays from the start if none was seen yet, so no change is ever missed.
          lastSeq = 0;
        }
        try (Stream<String> lines = response.body()) {
          read(lines.iterator());
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warnf("change feed from %s broke: %s", client.base(), e.getMessage());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (closed) {
        return;
      }
      try {
        // Retry backoff of a background reader, not a synchronisation.
        Thread.sleep(backoffMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
    }
  }

  private void read(Iterator<String> lines) {
    StringBuilder data = new StringBuilder();
    while (!closed && lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          dispatch(data.toString());
          data.setLength(0);
        }
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).strip());
      }
    }
  }

  private void dispatch(String json) {
    JsonObject event;
    try {
      event = new JsonObject(json);
    } catch (RuntimeException e) {
      LOG.warnf("ignoring a malformed change event: %s", e.getMessage());
      return;
    }
    Long seq = event.getLong("seq");
    OrgId.parse(event.getString("org_id"))
        .ifPresent(org -> changes.accept(org, event.getString("kind", "changed")));
    if (seq != null) {
      lastSeq = seq;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
