package io.aviary.node.api;

import io.aviary.broker.tenant.OrgId;
import io.aviary.node.cluster.ClusterNode;
import io.aviary.node.connection.LiveSessions;
import io.aviary.node.connection.LiveSessions.Outcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the sessions API asks about an organization's sessions, answered as JSON. A single node
 * answers for its own sessions; in a cluster every node is asked and answers for its own, and the
 * answers are merged, so any node's API sees the whole cluster (each session names its node).
 */
final class SessionQueries {
  static final String SERVICE = "sessions";

  /** Answered instead of a result when a node did not answer in time. */
  static final class Unanswered extends RuntimeException {
    Unanswered(int nodes) {
      super(nodes + " node(s) of the cluster did not answer in time");
    }
  }

  private final LiveSessions local;
  private final String nodeId;
  private final Optional<ClusterNode> cluster;
  private final Duration timeout;

  /**
   * @param nodeId this node's name in the answers
   * @param timeout how long another node may take to answer
   */
  SessionQueries(
      LiveSessions local, String nodeId, Optional<ClusterNode> cluster, Duration timeout) {
    this.local = local;
    this.nodeId = nodeId;
    this.cluster = cluster;
    this.timeout = timeout;
    cluster.ifPresent(c -> c.serve(SERVICE, this::serve));
  }

  /**
   * A page of the sessions whose client id sorts after {@code after}: {@code sessions} and {@code
   * next_after}. In a cluster every node gives its own page and the first {@code limit} of them all
   * form this one; when a node did not answer, {@code incomplete} is true.
   */
  CompletionStage<JsonObject> list(OrgId org, String after, int limit) {
    if (cluster.isEmpty()) {
      return localList(org, after, limit);
    }
    JsonObject request = request("list", org).put("after", after).put("limit", limit);
    return cluster
        .get()
        .askAll(SERVICE, request, timeout)
        .thenApply(
            answers -> {
              List<JsonObject> all = new ArrayList<>();
              boolean more = false;
              for (JsonObject page : answers.answers()) {
                page.getJsonArray("sessions").forEach(s -> all.add((JsonObject) s));
                more |= page.getString("next_after") != null;
              }
              all.sort(Comparator.comparing(s -> s.getString("client_id")));
              more |= all.size() > limit;
              List<JsonObject> taken = all.size() > limit ? all.subList(0, limit) : all;
              JsonObject page =
                  new JsonObject()
                      .put("sessions", new JsonArray(new ArrayList<>(taken)))
                      .put(
                          "next_after",
                          more && !taken.isEmpty()
                              ? taken.get(taken.size() - 1).getString("client_id")
                              : null);
              if (!answers.unanswered().isEmpty()) {
                page.put("incomplete", true);
              }
              return page;
            });
  }

  /** The session of {@code clientId} with its subscriptions, wherever it is held. */
  CompletionStage<Optional<JsonObject>> find(OrgId org, String clientId) {
    if (cluster.isEmpty()) {
      return localFind(org, clientId);
    }
    JsonObject request = request("find", org).put("client_id", clientId);
    return cluster
        .get()
        .askAll(SERVICE, request, timeout)
        .thenApply(
            answers -> {
              // A session moving between nodes may show on both for a moment: the connected one.
              Optional<JsonObject> found =
                  answers.answers().stream()
                      .map(a -> a.getJsonObject("session"))
                      .filter(s -> s != null)
                      .max(Comparator.comparing(s -> s.getBoolean("connected", false)));
              if (found.isEmpty() && !answers.unanswered().isEmpty()) {
                throw new Unanswered(answers.unanswered().size());
              }
              return found;
            });
  }

  /** Disconnects {@code clientId} (and with {@code discard} ends its session) where it is held. */
  CompletionStage<Outcome> disconnect(OrgId org, String clientId, boolean discard, String actor) {
    if (cluster.isEmpty()) {
      return local.disconnect(org, clientId, discard, actor);
    }
    JsonObject request =
        request("disconnect", org)
            .put("client_id", clientId)
            .put("discard", discard)
            .put("actor", actor);
    return cluster
        .get()
        .askAll(SERVICE, request, timeout)
        .thenApply(
            answers -> {
              Outcome outcome = Outcome.NOT_FOUND;
              for (JsonObject a : answers.answers()) {
                Outcome o = Outcome.valueOf(a.getString("outcome"));
                if (rank(o) > rank(outcome)) {
                  outcome = o;
                }
              }
              if (outcome == Outcome.NOT_FOUND && !answers.unanswered().isEmpty()) {
                throw new Unanswered(answers.unanswered().size());
              }
              return outcome;
            });
  }

  private static JsonObject request(String op, OrgId org) {
    return new JsonObject().put("op", op).put("org", org.value());
  }

  /** A disconnect done anywhere counts over a session held offline, and that over none. */
  private static int rank(Outcome o) {
    return switch (o) {
      case NOT_FOUND -> 0;
      case NOT_CONNECTED -> 1;
      case DISCONNECTED, DISCARDED -> 2;
    };
  }

  /** Another node's (or this node's) request, answered for this node's sessions. */
  private CompletionStage<JsonObject> serve(JsonObject request) {
    Optional<OrgId> org = OrgId.parse(request.getString("org", ""));
    if (org.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("no organization " + request.getString("org")));
    }
    String clientId = request.getString("client_id");
    return switch (request.getString("op", "")) {
      case "list" ->
          localList(org.get(), request.getString("after"), request.getInteger("limit", 1));
      case "find" ->
          localFind(org.get(), clientId)
              .thenApply(found -> new JsonObject().put("session", found.orElse(null)));
      case "disconnect" ->
          local
              .disconnect(
                  org.get(),
                  clientId,
                  request.getBoolean("discard", false),
                  request.getString("actor"))
              .thenApply(outcome -> new JsonObject().put("outcome", outcome.name()));
      default ->
          CompletableFuture.failedFuture(
              new IllegalArgumentException("unknown request " + request.getString("op")));
    };
  }

  private CompletionStage<JsonObject> localList(OrgId org, String after, int limit) {
    return local.list(org, after, limit).thenApply(page -> SessionJson.page(page, nodeId));
  }

  private CompletionStage<Optional<JsonObject>> localFind(OrgId org, String clientId) {
    return local
        .find(org, clientId)
        .thenApply(found -> found.map(view -> SessionJson.session(view, nodeId)));
  }
}
