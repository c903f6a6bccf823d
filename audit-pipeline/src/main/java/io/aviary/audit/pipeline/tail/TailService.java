package io.aviary.audit.pipeline.tail;

import io.aviary.audit.pipeline.store.EventWriter;
import io.aviary.service.feed.NotifyListener;
import io.aviary.service.feed.NotifyListeners;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Wakes the {@link TailHub} from {@code LISTEN aviary_audit} (service-common's {@link
 * NotifyListener}, on a connection of its own): each notification names the organizations whose
 * events were stored, by whichever pipeline instance, so a tail served by one instance sees events
 * stored by any. After a (re)connect every tail is woken, since notifications sent meanwhile are
 * lost.
 */
@ApplicationScoped
public class TailService implements NotifyListener.Handler {

  private final TailHub hub;
  private final NotifyListeners listeners;
  private volatile NotifyListener listener;

  public TailService(TailHub hub, NotifyListeners listeners) {
    this.hub = hub;
    this.listeners = listeners;
  }

  void onStart(@Observes StartupEvent event) {
    listener = listeners.start(EventWriter.CHANNEL, this);
  }

  /** Whether the LISTEN connection is up. */
  public boolean listening() {
    NotifyListener running = listener;
    return running != null && running.listening();
  }

  @Override
  public void connected() {
    hub.wakeAll();
  }

  /** Each payload is {@link EventWriter}'s: comma-separated org ids, or {@code *} for all. */
  @Override
  public void notified(List<String> payloads) {
    Set<String> orgs = new HashSet<>();
    for (String payload : payloads) {
      if (payload.equals(EventWriter.EVERY_ORG)) {
        hub.wakeAll();
        return;
      }
      orgs.addAll(List.of(payload.split(",")));
    }
    hub.wake(orgs);
  }
}
