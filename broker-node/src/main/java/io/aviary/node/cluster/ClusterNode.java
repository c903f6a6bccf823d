package io.aviary.node.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import io.aviary.broker.message.Message;
import io.aviary.broker.message.PublishProperties;
import io.aviary.broker.routing.SubscriptionIndex;
import io.aviary.broker.routing.SubscriptionOptions;
import io.aviary.broker.tenant.OrgId;
import io.aviary.broker.topic.SubscriptionFilter;
import io.aviary.broker.topic.TopicName;
import io.aviary.node.metrics.BrokerMetrics;
import io.aviary.node.routing.Confirmations;
import io.aviary.node.routing.Peers;
import io.aviary.node.session.Handover;
import io.aviary.node.session.Session;
import io.aviary.node.session.SessionReplica;
import io.aviary.node.session.Will;
import io.aviary.node.tenant.Tenant;
import io.aviary.node.tenant.Tenants;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * This node's part in the cluster ({@code docs/adr/0005-cluster.md}): the route table of the other
 * nodes' subscriptions, forwarding, and retained messages shared by all nodes.
 *
 * <p>Route table: a node announces on {@value #ROUTES} only its first subscription to a filter and
 * the removal of its last one, numbered in the order it made them. Each node keeps, per
 * organization, an index whose subscribers are the other nodes. A node that sees a gap in another's
 * numbers, or a number beyond what it holds in that node's periodic tick, or a node it has not
 * heard from, asks that node for all its filters. All of this runs on one event-loop context.
 *
 * <p>Retained messages live in a Hazelcast map with one synchronous backup, and every node keeps a
 * copy in its organizations' retained stores, kept current by the map's events.
 */
public final class ClusterNode implements Peers {
  private static final Logger LOG = Logger.getLogger(ClusterNode.class);
  static final String ROUTES = "aviary.routes";

  /** The member attribute in which vertx-hazelcast keeps a member's Vert.x node id. */
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private static final long TICK_MILLIS = 2000;
  private static final SubscriptionOptions ANY_QOS = SubscriptionOptions.qos(2);
  private static final DeliveryOptions FORWARD_REQUEST =
      new DeliveryOptions().setSendTimeout(5_000);
  private static final DeliveryOptions TAKEOVER_REQUEST =
      new DeliveryOptions().setSendTimeout(5_000);
  private static final DeliveryOptions SNAPSHOT_REQUEST =
      new DeliveryOptions().setSendTimeout(10_000);

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final HazelcastInstance hazelcast;
  private final String nodeId;
  private final Context context;
  private final IMap<String, byte[]> retainedMap;
  private final IMap<String, String> owners;
  private final IMap<String, byte[]> wills;
  private final SessionCopies copies;
  private final Holders holders;
  private final ConcurrentHashMap<OrgId, SubscriptionIndex<String>> remote =
      new ConcurrentHashMap<>();
  private final long routeGraceMillis;

  /** What a forwarded QoS 1/2 message's reply waits for; reused, forwards arrive on the context. */
  private final Confirmations forwarded = new Confirmations();

  private Tenants tenants;
  private volatile boolean ready;

  // Owned by the context.
  private final Map<String, PeerRoutes> peers = new HashMap<>();
  private long seq;
  private int routeCount;
  private List<Runnable> retainedBacklog = new ArrayList<>();

  private final Counter forwardsSent;
  private final Counter forwardsReceived;
  private final Counter forwardsRefused;
  private final Counter forwardsUnconfirmed;
  private final Counter snapshots;
  private final Counter retainedFailures;
  private final Counter takeovers;
  private final Counter recovered;
  private final Counter willsPublished;
  private final Counter willFailures;

  /**
   * @param routeGrace how long a lost node's routes stay after it is declared gone
   */
  public ClusterNode(
      Vertx vertx,
      HazelcastClusterManager manager,
      BrokerMetrics metrics,
      java.time.Duration routeGrace) {
    this.routeGraceMillis = Math.max(1, routeGrace.toMillis());
    this.vertx = vertx;
    this.manager = manager;
    this.hazelcast = manager.getHazelcastInstance();
    this.nodeId = manager.getNodeId();
    this.context = vertx.getOrCreateContext();
    this.retainedMap = hazelcast.getMap(HazelcastSetup.RETAINED_MAP);
    this.owners = hazelcast.getMap(HazelcastSetup.SESSIONS_MAP);
    this.holders = new Holders(nodeId);
    this.wills = hazelcast.getMap(HazelcastSetup.WILLS_MAP);
    this.copies =
        new SessionCopies(
            vertx,
            nodeId,
            hazelcast.getMap(HazelcastSetup.SESSION_STATE_MAP),
            hazelcast.getMap(HazelcastSetup.SESSION_MESSAGES_MAP),
            metrics.counter(
                "aviary.cluster.session.copy.failures",
                "Writes of a persistent session's copy the cluster did not take"));
    recovered =
        metrics.counter(
            "aviary.cluster.sessions.recovered",
            "Sessions this node took from the cluster's copy because their holder was gone, for"
                + " a reconnecting client or to hold them until it reconnects");
    willsPublished =
        metrics.counter(
            "aviary.cluster.wills.taken",
            "Wills of clients of a lost node that this node published or scheduled");
    willFailures =
        metrics.counter(
            "aviary.cluster.will.copy.failures",
            "Wills of connected clients the cluster's will map did not take");
    forwardsSent =
        metrics.counter(
            "aviary.cluster.forwards", "PUBLISH forwarded between nodes", "direction", "sent");
    forwardsReceived =
        metrics.counter(
            "aviary.cluster.forwards", "PUBLISH forwarded between nodes", "direction", "received");
    forwardsRefused =
        metrics.counter(
            "aviary.cluster.forwards.refused",
            "Forwarded PUBLISH this node could not read (another wire version)");
    forwardsUnconfirmed =
        metrics.counter(
            "aviary.cluster.forwards.unconfirmed",
            "QoS 1/2 PUBLISH another node did not confirm in time (its publisher was told 0x80)");
    snapshots =
        metrics.counter("aviary.cluster.route.snapshots", "Full route lists asked of other nodes");
    retainedFailures =
        metrics.counter(
            "aviary.cluster.retained.failures", "Retained messages the cluster map did not take");
    takeovers =
        metrics.counter(
            "aviary.cluster.takeovers",
            "Sessions this node took from another node when their client reconnected here");
    metrics.gauge(
        "aviary.cluster.members",
        "Members of the cluster this node sees, itself included",
        () ->
            hazelcast.getLifecycleService().isRunning()
                ? hazelcast.getCluster().getMembers().size()
                : 0);
    metrics.gauge(
        "aviary.cluster.routes", "Filters other nodes have subscribers for", () -> routeCount);
    metrics.gauge(
        "aviary.cluster.sessions",
        "Sessions the cluster's registry holds, on every node",
        () -> hazelcast.getLifecycleService().isRunning() ? owners.size() : 0);
  }

  /** This node's id in the cluster (its Hazelcast member id). */
  public String nodeId() {
    return nodeId;
  }

  /** What every node answered to {@link #askAll}, and the nodes that did not answer in time. */
  public record Answers(List<JsonObject> answers, List<String> unanswered) {}

  /**
   * Answers the requests other nodes (and this one) make of every node for {@code service}, with
   * what {@code handler} completes with; a failure is answered as one.
   */
  public void serve(String service, Function<JsonObject, CompletionStage<JsonObject>> handler) {
    vertx
        .eventBus()
        .<JsonObject>consumer(
            serviceAddress(nodeId, service),
            request ->
                handler
                    .apply(request.body())
                    .whenComplete(
                        (answer, e) -> {
                          if (e == null) {
                            request.reply(answer);
                          } else {
                            request.fail(500, e.toString());
                          }
                        }));
  }

  /** Asks every member, this node included, for {@code service}, each at most {@code timeout}. */
  public CompletionStage<Answers> askAll(
      String service, JsonObject request, java.time.Duration timeout) {
    List<String> members = List.copyOf(manager.getNodes());
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    List<Future<JsonObject>> asked = new ArrayList<>(members.size());
    for (String member : members) {
      asked.add(
          vertx
              .eventBus()
              .<JsonObject>request(serviceAddress(member, service), request, options)
              .map(io.vertx.core.eventbus.Message::body));
    }
    return Future.join(asked)
        .<Answers>transform(
            done -> {
              List<JsonObject> answers = new ArrayList<>();
              List<String> unanswered = new ArrayList<>();
              for (int i = 0; i < members.size(); i++) {
                if (asked.get(i).succeeded()) {
                  answers.add(asked.get(i).result());
                } else {
                  unanswered.add(members.get(i));
                  LOG.debugf(
                      "node %s did not answer %s: %s",
                      members.get(i), service, asked.get(i).cause());
                }
              }
              return Future.succeededFuture(new Answers(answers, unanswered));
            })
        .toCompletionStage();
  }

  /** Whether this node has joined, heard the other nodes' routes and loaded retained messages. */
  public boolean isReady() {
    return ready && hazelcast.getLifecycleService().isRunning();
  }

  /** Members this node sees, itself included. */
  public int members() {
    return hazelcast.getLifecycleService().isRunning()
        ? hazelcast.getCluster().getMembers().size()
        : 0;
  }

  /** Joins the route exchange and loads retained messages; completes when the node may serve. */
  public Future<Void> start(Tenants tenants) {
    this.tenants = tenants;
    Promise<Void> started = Promise.promise();
    context.runOnContext(
        v -> {
          EventBus bus = vertx.eventBus();
          Future<Void> routes = registered(bus.consumer(ROUTES, this::onRouteMessage));
          Future<Void> deliver = registered(bus.consumer(deliverAddress(nodeId), this::onForward));
          Future<Void> lists =
              registered(bus.consumer(routesAddress(nodeId), this::onSnapshotRequest));
          Future<Void> takeovers =
              registered(bus.consumer(takeoverAddress(nodeId), this::onTakeover));
          hazelcast
              .getCluster()
              .addMembershipListener(
                  new MembershipListener() {
                    @Override
                    public void memberAdded(MembershipEvent event) {}

                    @Override
                    public void memberRemoved(MembershipEvent event) {
                      String left = event.getMember().getAttribute(VERTX_NODE_ID);
                      if (left != null) {
                        context.runOnContext(x -> nodeLeft(left));
                      }
                    }
                  });
          copies.start();
          Future<Void> retained = loadRetained();
          Future.all(List.of(routes, deliver, lists, takeovers, retained))
              .compose(x -> askEveryone())
              .onSuccess(
                  x -> {
                    vertx.setPeriodic(TICK_MILLIS, id -> tick());
                    ready = true;
                    LOG.infof(
                        "joined cluster %s as %s with %d members",
                        hazelcast.getConfig().getClusterName(), nodeId, members());
                  })
              .onComplete(started);
        });
    return started.future();
  }

  private static Future<Void> registered(MessageConsumer<?> consumer) {
    Promise<Void> done = Promise.promise();
    consumer.completionHandler(done);
    return done.future();
  }

  // ---- Peers: called by routers on any thread ----

  @Override
  public void routeAdded(OrgId org, SubscriptionFilter filter) {
    announce("add", org, filter);
  }

  @Override
  public void routeRemoved(OrgId org, SubscriptionFilter filter) {
    announce("remove", org, filter);
  }

  @Override
  public SubscriptionIndex<String> routes(OrgId org) {
    return remote.get(org);
  }

  @Override
  public CompletionStage<Void> forward(
      String node, OrgId org, Message message, List<String> sharedGroups) {
    forwardsSent.increment();
    Buffer body = Wire.forward(org, message, sharedGroups);
    if (message.qos() == 0) {
      vertx.eventBus().send(deliverAddress(node), body);
      return null;
    }
    // The publisher's PUBACK waits for this answer: a node that dies with the message unrouted
    // makes the publish fail rather than vanish after an acknowledgement.
    return vertx
        .eventBus()
        .request(deliverAddress(node), body, FORWARD_REQUEST)
        .onFailure(e -> forwardsUnconfirmed.increment())
        .<Void>mapEmpty()
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Void> retained(OrgId org, Message message) {
    String key = Tenants.key(org, message.topic().value());
    Future<?> write;
    if (message.payload().length == 0) {
      write = Future.fromCompletionStage(retainedMap.removeAsync(key));
    } else if (message.expiresAtMillis() != 0) {
      long ttl = Math.max(1, message.expiresAtMillis() - System.currentTimeMillis());
      write =
          Future.fromCompletionStage(
              retainedMap.setAsync(key, Wire.retained(message), ttl, TimeUnit.MILLISECONDS));
    } else {
      write = Future.fromCompletionStage(retainedMap.setAsync(key, Wire.retained(message)));
    }
    return write
        .onFailure(
            e -> {
              retainedFailures.increment();
              LOG.warnf("the cluster did not take a retained message of %s: %s", org, e.toString());
            })
        .<Void>mapEmpty()
        .toCompletionStage();
  }

  @Override
  public CompletionStage<Handover> claim(
      OrgId org, String clientId, boolean cleanStart, CompletionStage<Void> opened) {
    String key = Tenants.key(org, clientId);
    String entry = holders.claim(key, opened);
    return Future.fromCompletionStage(owners.putAsync(key, entry), context)
        .compose(
            previous -> {
              String holder = previous == null ? null : Holders.node(previous);
              if (nodeId.equals(holder)) {
                return Future.succeededFuture((Handover) null);
              }
              if (holder == null || !manager.getNodes().contains(holder)) {
                // No node holds it, or its holder is gone: the cluster's copy is the session.
                return fromCopy(key, cleanStart);
              }
              takeovers.increment();
              return vertx
                  .eventBus()
                  .<Buffer>request(
                      takeoverAddress(holder),
                      new JsonObject()
                          .put("org", org.value())
                          .put("client_id", clientId)
                          .put("clean_start", cleanStart)
                          .put("replaces", previous),
                      TAKEOVER_REQUEST)
                  .map(reply -> Wire.handover(reply.body()))
                  .recover(
                      e -> {
                        // The holder is going or did not answer: take the cluster's copy.
                        LOG.infof(
                            "no answer from %s for %s/%s (%s); taking the cluster's copy",
                            holder, org, clientId, e.toString());
                        return fromCopy(key, cleanStart);
                      });
            })
        .recover(
            e -> {
              LOG.warnf("cannot claim %s/%s in the cluster: %s", org, clientId, e.toString());
              return Future.succeededFuture(null);
            })
        .toCompletionStage();
  }

  /**
   * The session as the cluster's copy keeps it, or null; a clean start discards the copy first, so
   * that the new session's entries are not mistaken for the old one's.
   */
  private Future<Handover> fromCopy(String key, boolean cleanStart) {
    if (cleanStart) {
      return Future.fromCompletionStage(copies.discard(key), context).map(x -> null);
    }
    return Future.fromCompletionStage(copies.load(key), context)
        .map(
            copy -> {
              if (copy == null) {
                return null;
              }
              recovered.increment();
              LOG.infof(
                  "took %s from the cluster's copy: %d subscriptions, %d messages",
                  key, copy.saved().subscriptions().size(), copy.pending().size());
              return copy.handover();
            });
  }

  @Override
  public SessionReplica sessionReplica() {
    return copies;
  }

  @Override
  public Runnable willCopied(OrgId org, String clientId, Will will) {
    String key = Tenants.key(org, clientId);
    String entry = holders.entry(key);
    if (entry == null) {
      return () -> {};
    }
    wills
        .setAsync(key, Wire.will(entry, will))
        .whenComplete(
            (x, e) -> {
              if (e != null) {
                willFailures.increment();
                LOG.warnf("the cluster did not take the will of %s: %s", key, e.toString());
              }
            });
    // Operations of one member on one key run in the order it sends them.
    return () -> wills.submitToKey(key, new WillRemoval(entry));
  }

  @Override
  public void released(OrgId org, String clientId) {
    String key = Tenants.key(org, clientId);
    String entry = holders.released(key);
    if (entry != null) {
      // Only if this node still holds it: another node may have claimed it meanwhile.
      vertx.executeBlocking(() -> owners.remove(key, entry), false);
    }
  }

  private void onTakeover(io.vertx.core.eventbus.Message<JsonObject> request) {
    JsonObject body = request.body();
    OrgId org = new OrgId(body.getString("org"));
    String clientId = body.getString("client_id");
    // The session the requester replaces may still be opening here: hand over what it opened.
    holders
        .opened(Tenants.key(org, clientId), body.getString("replaces"))
        .thenComposeAsync(
            opened ->
                tenants
                    .find(org)
                    .map(t -> t.sessions().handOver(clientId, body.getBoolean("clean_start")))
                    .orElse(java.util.concurrent.CompletableFuture.completedFuture(null)),
            task -> context.runOnContext(v -> task.run()))
        .whenComplete(
            (handover, failure) -> {
              if (failure != null) {
                request.fail(500, failure.toString());
              } else {
                request.reply(Wire.handover(handover));
              }
            });
  }

  // ---- the route exchange, on the context ----

  /** Called under the index's write lock: the order of the tasks is the order of the changes. */
  private void announce(String op, OrgId org, SubscriptionFilter filter) {
    context.runOnContext(
        v ->
            vertx
                .eventBus()
                .publish(
                    ROUTES,
                    new JsonObject()
                        .put("node", nodeId)
                        .put("seq", ++seq)
                        .put("op", op)
                        .put("org", org.value())
                        .put("filter", filter.value())));
  }

  private void tick() {
    vertx
        .eventBus()
        .publish(ROUTES, new JsonObject().put("node", nodeId).put("seq", seq).put("op", "tick"));
  }

  private void onRouteMessage(io.vertx.core.eventbus.Message<JsonObject> message) {
    JsonObject m = message.body();
    String from = m.getString("node");
    if (nodeId.equals(from)) {
      return;
    }
    long s = m.getLong("seq");
    PeerRoutes p = peers.get(from);
    if (p == null) {
      p = new PeerRoutes();
      peers.put(from, p);
      ask(from, p);
    }
    String op = m.getString("op");
    if (op.equals("tick")) {
      if (s > p.lastSeq && !p.pending) {
        ask(from, p);
      }
      return;
    }
    if (s <= p.lastSeq) {
      return; // already reflected in a snapshot
    }
    if (p.lastSeq >= 0 && s != p.lastSeq + 1 && !p.pending) {
      ask(from, p);
    }
    p.lastSeq = s;
    RouteKey key = new RouteKey(new OrgId(m.getString("org")), m.getString("filter"));
    if (op.equals("add")) {
      add(from, p, key, s);
    } else {
      remove(from, p, key);
      if (p.pending) {
        p.removed.put(key, s);
      }
    }
  }

  private Future<Void> askEveryone() {
    List<Future<Void>> asked = new ArrayList<>();
    for (String other : manager.getNodes()) {
      if (!other.equals(nodeId)) {
        PeerRoutes p = peers.computeIfAbsent(other, o -> new PeerRoutes());
        asked.add(ask(other, p));
      }
    }
    // A peer that is itself still starting answers later, through its ticks.
    return Future.join(asked).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Void> ask(String node, PeerRoutes p) {
    p.pending = true;
    snapshots.increment();
    return vertx
        .eventBus()
        .<JsonObject>request(
            routesAddress(node), new JsonObject().put("node", nodeId), SNAPSHOT_REQUEST)
        .onComplete(
            reply -> {
              if (peers.get(node) != p) {
                return; // the node left meanwhile
              }
              if (reply.failed()) {
                p.pending = false;
                p.removed.clear();
                LOG.debugf("no route list from %s yet: %s", node, reply.cause().toString());
                return;
              }
              applySnapshot(node, p, reply.result().body());
            })
        .mapEmpty();
  }

  private void onSnapshotRequest(io.vertx.core.eventbus.Message<JsonObject> request) {
    JsonArray routes = new JsonArray();
    for (Tenant tenant : tenants.all()) {
      for (SubscriptionFilter filter : tenant.router().filters()) {
        routes.add(new JsonArray().add(tenant.org().value()).add(filter.value()));
      }
    }
    request.reply(new JsonObject().put("seq", seq).put("routes", routes));
  }

  private void applySnapshot(String node, PeerRoutes p, JsonObject snapshot) {
    long at = snapshot.getLong("seq");
    Set<RouteKey> listed = new HashSet<>();
    for (Object o : snapshot.getJsonArray("routes")) {
      JsonArray pair = (JsonArray) o;
      listed.add(new RouteKey(new OrgId(pair.getString(0)), pair.getString(1)));
    }
    for (RouteKey key : listed) {
      Long removedAt = p.removed.get(key);
      if (!p.present.containsKey(key) && (removedAt == null || removedAt <= at)) {
        add(node, p, key, at);
      }
    }
    for (Iterator<Map.Entry<RouteKey, Long>> it = p.present.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<RouteKey, Long> e = it.next();
      if (e.getValue() <= at && !listed.contains(e.getKey())) {
        it.remove();
        unindex(node, e.getKey());
      }
    }
    p.removed.clear();
    p.pending = false;
    p.lastSeq = Math.max(p.lastSeq, at);
  }

  private void add(String node, PeerRoutes p, RouteKey key, long stamp) {
    if (p.present.put(key, stamp) == null) {
      remote
          .computeIfAbsent(key.org(), o -> new SubscriptionIndex<>())
          .subscribe(node, SubscriptionFilter.parse(key.filter(), Integer.MAX_VALUE), ANY_QOS);
      routeCount++;
    }
  }

  private void remove(String node, PeerRoutes p, RouteKey key) {
    if (p.present.remove(key) != null) {
      unindex(node, key);
    }
  }

  private void unindex(String node, RouteKey key) {
    SubscriptionIndex<String> index = remote.get(key.org());
    if (index != null) {
      index.unsubscribe(node, SubscriptionFilter.parse(key.filter(), Integer.MAX_VALUE));
    }
    routeCount--;
  }

  private void nodeLeft(String node) {
    PeerRoutes p = peers.remove(node);
    if (p == null) {
      return;
    }
    // Its routes stay a while: a publish matching them meanwhile fails (0x80 for MQTT 5) instead
    // of being acknowledged with no subscriber, while its persistent sessions find a new holder.
    vertx.setTimer(
        routeGraceMillis,
        t -> {
          for (RouteKey key : p.present.keySet()) {
            unindex(node, key);
          }
          LOG.infof("node %s left the cluster; %d routes dropped", node, p.present.size());
        });
    List<String> survivors = new ArrayList<>(manager.getNodes());
    survivors.remove(node);
    Collections.sort(survivors);
    vertx
        .executeBlocking(
            () -> List.copyOf(owners.entrySet(Predicates.like("this", Holders.entriesOf(node)))),
            false)
        .onSuccess(
            held -> {
              int adopting = 0;
              for (Map.Entry<String, String> e : held) {
                String key = e.getKey();
                // Every survivor sees the same members: each takes its share of the sessions.
                if (survivors.get(Math.floorMod(key.hashCode(), survivors.size())).equals(nodeId)) {
                  adoptFromCopy(key, e.getValue());
                  adopting++;
                }
              }
              LOG.infof(
                  "node %s left the cluster holding %d sessions; this node takes %d",
                  node, held.size(), adopting);
            })
        .onFailure(e -> LOG.warnf("cannot list the sessions node %s held: %s", node, e));
  }

  /**
   * Holds, offline, a persistent session whose node {@code dead} was lost, from the cluster's copy,
   * so that its subscriptions keep routing and its messages keep queuing until its client is back.
   * The registry entry of a session without a copy is removed. A client that reconnected elsewhere
   * first keeps its node's session: the registry decides ({@code replace(key, dead, this node)}).
   *
   * @param dead the lost node's entry in the registry
   */
  private void adoptFromCopy(String key, String dead) {
    // The will of the connection the lost node had, if it had one and copied it.
    Future<Will> will =
        Future.fromCompletionStage(wills.submitToKey(key, new WillRemoval(dead)), context)
            .map(bytes -> bytes == null ? null : Wire.will(bytes))
            .otherwise(
                e -> {
                  LOG.warnf("cannot read the will of %s: %s", key, e.toString());
                  return null;
                });
    Future.all(will, Future.fromCompletionStage(copies.load(key), context))
        .map(all -> all.<SessionReplica.Copy>resultAt(1))
        .compose(
            copy -> {
              if (copy == null) {
                // Its session ended with its connection: the will is due now.
                publishWill(key, will.result(), null);
                return vertx.executeBlocking(() -> owners.remove(key, dead), false).mapEmpty();
              }
              return Future.fromCompletionStage(
                      tenants.adopt(
                          key,
                          copy,
                          ((VertxInternal) vertx).nettyEventLoopGroup().next(),
                          session ->
                              vertx
                                  .executeBlocking(
                                      () -> owners.replace(key, dead, holders.adopt(key)), false)
                                  .onSuccess(
                                      held -> {
                                        if (held) {
                                          publishWill(key, will.result(), session);
                                        }
                                      })
                                  .toCompletionStage()),
                      context)
                  .onSuccess(
                      held -> {
                        if (held) {
                          recovered.increment();
                          LOG.infof(
                              "holding %s for its client: %d subscriptions, %d messages",
                              key, copy.saved().subscriptions().size(), copy.pending().size());
                        }
                      })
                  .mapEmpty();
            })
        .onFailure(e -> LOG.warnf("cannot take over %s from the lost node: %s", key, e));
  }

  /**
   * Publishes the will of a client whose node was lost: at once when its session ended with the
   * connection, else after its Will Delay Interval (at most the session's expiry) unless the client
   * resumes the session first [MQTT-3.1.3-9].
   *
   * @param adopted the session this node now holds offline, or null
   */
  private void publishWill(String key, Will will, Session adopted) {
    if (will == null) {
      return;
    }
    Tenant tenant = tenants.of(Tenants.orgOf(key));
    Runnable publication = will.publication(tenant.router(), adopted);
    willsPublished.increment();
    if (adopted == null) {
      publication.run();
      return;
    }
    adopted.execute(
        () -> {
          if (!adopted.isEnded() && !adopted.isOnline()) {
            tenant.sessions().scheduleWill(adopted, publication, will.delaySeconds());
          }
        });
  }

  // ---- forwarded messages ----

  private void onForward(io.vertx.core.eventbus.Message<Buffer> message) {
    Wire.Forward f;
    try {
      f = Wire.forward(message.body());
    } catch (RuntimeException e) {
      forwardsRefused.increment();
      LOG.debugf("refused a forwarded message: %s", e.getMessage());
      return;
    }
    forwardsReceived.increment();
    // A request's reply says this node routed the message and its persistent sessions' copies are
    // safe.
    Confirmations confirmations = message.replyAddress() == null ? null : forwarded;
    if (confirmations != null) {
      confirmations.reset();
    }
    tenants.of(f.org()).router().routeForwarded(f.message(), f.sharedGroups(), confirmations);
    if (confirmations == null) {
      return;
    }
    CompletionStage<Void> stored = confirmations.all();
    if (stored == null) {
      message.reply(null);
    } else {
      stored.whenComplete(
          (x, e) -> {
            if (e == null) {
              message.reply(null);
            } else {
              message.fail(500, "a persistent session's copy was not written: " + e);
            }
          });
    }
  }

  // ---- retained messages ----

  private Future<Void> loadRetained() {
    retainedMap.addEntryListener(new RetainedEvents(), true);
    return vertx
        .executeBlocking(() -> Map.copyOf(retainedMap))
        .map(
            all -> {
              all.forEach(this::applyRetained);
              List<Runnable> backlog = retainedBacklog;
              retainedBacklog = null;
              backlog.forEach(Runnable::run);
              return null;
            });
  }

  /** Applies a change of the retained map on the context, after the initial load. */
  private void onRetainedEvent(String key, byte[] value) {
    context.runOnContext(
        v -> {
          if (retainedBacklog != null) {
            retainedBacklog.add(() -> applyRetained(key, value));
          } else {
            applyRetained(key, value);
          }
        });
  }

  private void applyRetained(String key, byte[] value) {
    OrgId org = Tenants.orgOf(key);
    Message message =
        value != null
            ? Wire.retained(value)
            : new Message(
                TopicName.parse(Tenants.nameOf(key), Integer.MAX_VALUE),
                new byte[0],
                0,
                true,
                PublishProperties.NONE,
                0,
                null);
    tenants.of(org).router().retainedElsewhere(message);
  }

  private final class RetainedEvents
      implements EntryAddedListener<String, byte[]>,
          EntryUpdatedListener<String, byte[]>,
          EntryRemovedListener<String, byte[]>,
          EntryExpiredListener<String, byte[]>,
          EntryEvictedListener<String, byte[]> {
    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      onRetainedEvent(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      onRetainedEvent(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> event) {
      onRetainedEvent(event.getKey(), null);
    }

    @Override
    public void entryExpired(EntryEvent<String, byte[]> event) {
      onRetainedEvent(event.getKey(), null);
    }

    @Override
    public void entryEvicted(EntryEvent<String, byte[]> event) {
      onRetainedEvent(event.getKey(), null);
    }
  }

  static String deliverAddress(String node) {
    return "aviary.node." + node + ".deliver";
  }

  static String serviceAddress(String node, String service) {
    return "aviary.node." + node + ".service." + service;
  }

  static String takeoverAddress(String node) {
    return "aviary.node." + node + ".takeover";
  }

  static String routesAddress(String node) {
    return "aviary.node." + node + ".routes";
  }

  private record RouteKey(OrgId org, String filter) {}

  /** What this node knows of another node's routes. */
  private static final class PeerRoutes {
    final Map<RouteKey, Long> present = new HashMap<>();

    /** Removals seen while a route list is on its way, so an older list does not revive them. */
    final Map<RouteKey, Long> removed = new HashMap<>();

    long lastSeq = -1;
    boolean pending;
  }
}
