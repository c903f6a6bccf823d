package io.aviary.node.journal;

import io.aviary.broker.message.Message;
import io.aviary.broker.tenant.OrgId;
import io.aviary.node.routing.SingleNode;
import io.aviary.node.session.SessionReplica;
import java.util.concurrent.CompletionStage;

/**
 * A single node with a journal: no other nodes, but persistent sessions and retained messages are
 * kept in the data directory ({@link Journal}), and acknowledged once they are.
 */
public final class JournalPeers extends SingleNode {
  private final Journal journal;

  public JournalPeers(Journal journal) {
    this.journal = journal;
  }

  @Override
  public CompletionStage<Void> retained(OrgId org, Message message) {
    return journal.retained(org, message);
  }

  @Override
  public SessionReplica sessionReplica() {
    return journal;
  }
}
