package io.aviary.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class HoldersTest {
  private final Holders holders = new Holders("node-a");

  @Test
  void entriesNameTheNodeAndTheClaimInOrder() {
    String first = holders.claim("org/c1", new CompletableFuture<>());
    String second = holders.claim("org/c2", new CompletableFuture<>());
    assertThat(first).isEqualTo("node-a/1");
    assertThat(second).isEqualTo("node-a/2");
    assertThat(Holders.node(second)).isEqualTo("node-a");
    assertThat(Holders.entriesOf("node-a")).isEqualTo("node-a/%");
  }

  @Test
  void aTakeoverWaitsForTheClaimsUpToTheOneItReplacesAndNoLater() {
    CompletableFuture<Void> firstOpened = new CompletableFuture<>();
    CompletableFuture<Void> secondOpened = new CompletableFuture<>();
    String first = holders.claim("org/c", firstOpened);
    holders.claim("org/c", secondOpened);

    CompletionStage<Void> replacingFirst = holders.opened("org/c", first);
    assertThat(replacingFirst.toCompletableFuture()).isNotDone();
    firstOpened.complete(null);
    // The second claim came after the requester's: waiting for it could go round in a circle.
    assertThat(replacingFirst.toCompletableFuture()).isDone();

    assertThat(holders.opened("org/c", "node-a/2").toCompletableFuture()).isNotDone();
    secondOpened.complete(null);
    assertThat(holders.opened("org/c", "node-a/2").toCompletableFuture()).isDone();
  }

  @Test
  void aTakeoverOfAnotherNodesEntryOrOfNoneDoesNotWait() {
    holders.claim("org/c", new CompletableFuture<>());
    assertThat(holders.opened("org/c", "node-b/1").toCompletableFuture()).isDone();
    assertThat(holders.opened("org/c", null).toCompletableFuture()).isDone();
    assertThat(holders.opened("org/other", "node-a/1").toCompletableFuture()).isDone();
  }

  @Test
  void anEndedSessionReleasesItsEntryUnlessANewerClaimIsOpeningIt() {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    String entry = holders.claim("org/c", opened);
    opened.complete(null);

    CompletableFuture<Void> reopening = new CompletableFuture<>();
    String newer = holders.claim("org/c", reopening);
    // The session the older claim opened ends while the newer one opens it again.
    assertThat(holders.released("org/c")).isNull();
    reopening.complete(null);
    assertThat(holders.released("org/c")).isEqualTo(newer).isNotEqualTo(entry);
    assertThat(holders.released("org/c")).isNull();
  }

  @Test
  void anAdoptedSessionGetsAnEntryOfItsOwn() {
    String adopted = holders.adopt("org/lost");
    assertThat(adopted).isEqualTo("node-a/1");
    assertThat(holders.released("org/lost")).isEqualTo(adopted);
  }
}
