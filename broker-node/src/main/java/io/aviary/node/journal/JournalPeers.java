package io.aviary.node.journal;

import io.aviary.broker.message.Message;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.node.routing.Peers;
import io.aviary.node.session.Handover;
import io.aviary.node.session.SessionReplica;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A single node with a journal: no other nodes, but persistent sessions and retained messages are
 * kept in the data directory ({@link Journal}), and acknowledged once they are.
 */
public final class JournalPeers implements Peers {
  private final Journal journal;

  public JournalPeers(Journal journal) {
    this.journal = journal;
  }

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
    return journal.retained(org, message);
  }

  @Override
  public CompletionStage<Handover> claim(OrgId org, String clientId, boolean cleanStart) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void released(OrgId org, String clientId) {}

  @Override
  public SessionReplica sessionReplica() {
    return journal;
  }
}
