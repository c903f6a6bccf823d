package io.aviary.node.routing;

import io.aviary.broker.message.Message;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.session.Handover;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link Peers} of a node on its own: no other node hears of routes or gets messages, and a
 * session is never held elsewhere. A node that keeps state durably extends it.
 */
public class SingleNode implements Peers {
  @Override
  public void routeAdded(OrgId org, SubscriptionFilter filter) {}

  @Override
  public void routeRemoved(OrgId org, SubscriptionFilter filter) {}

  @Override
  public SubscriptionIndex<String> routes(OrgId org) {
    return null;
  }

  @Override
  public CompletionStage<Void> forward(
      String node, OrgId org, Message message, List<String> sharedGroups) {
    return null;
  }

  @Override
  public CompletionStage<Void> retained(OrgId org, Message message) {
    return null;
  }

  @Override
  public CompletionStage<Handover> claim(
      OrgId org, String clientId, boolean cleanStart, CompletionStage<Void> opened) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void released(OrgId org, String clientId) {}
}
