package io.aviary.node.it.protocol;

import static io.aviary.node.it.protocol.Support.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aviary.node.it.TestBroker;
import io.aviary.node.listener.Listeners;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Throws random bytes and mutated packets at the plain MQTT listener for a bounded time and count,
 * from a seed printed at the start (rerun with {@code -Dfuzz.seed=N}). Each case is reproducible
 * from (seed, case number) alone; {@link #replayOneCase} replays and prints one. Afterwards the
 * broker must still route messages, hold no leaked connections, and Netty's paranoid leak detector
 * must have logged no leak. While it runs, every answer must be well-formed and start with CONNACK
 * [MQTT-3.2.0-1].
 */
@QuarkusTest
class FuzzIT {
  private static final Duration BUDGET = Duration.ofSeconds(20);
  private static final int MAX_CASES = 3_000;
  private static final int THREADS = 4;
  private static final Duration QUIET = Duration.ofMillis(80);
  private static final Duration CASE_READ_LIMIT = Duration.ofSeconds(2);
  private static final Set<Integer> SERVER_PACKETS =
      Set.of(
          Packets.CONNACK,
          Packets.PUBLISH,
          Packets.PUBACK,
          Packets.PUBREC,
          Packets.PUBREL,
          Packets.PUBCOMP,
          Packets.SUBACK,
          Packets.UNSUBACK,
          Packets.PINGRESP,
          Packets.DISCONNECT,
          Packets.AUTH);

  @Inject Listeners listeners;

  private int port;
  private String topicRoot;
  private final Map<String, LongAdder> stats = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();

  @Test
  void randomAndMutatedInputLeavesTheBrokerHealthy() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.printf("FuzzIT seed=%d (rerun with -Dfuzz.seed=%d)%n", seed, seed);
    port = new TestBroker(listeners).mqttPort();
    topicRoot = "fuzz/" + Long.toHexString(seed);
    assertThat(ResourceLeakDetector.getLevel())
        .as("io.netty.leakDetection.level from the parent pom")
        .isEqualTo(ResourceLeakDetector.Level.PARANOID);

    LogCapture log = LogCapture.install();
    SoftAssertions soft = new SoftAssertions();
    try {
      proveLeakDetectionIsObservable(log);
      double baseline = metric("aviary_connections", null);

      int cases = fuzz(seed);

      System.out.printf("FuzzIT: %d cases; %s%n", cases, new TreeMap<>(stats));
      soft.assertThat(violations).as("protocol violations by the broker (seed %d)", seed).isEmpty();
      Support.assertBrokerServes(port);
      try {
        await()
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> metric("aviary_connections", null) <= baseline);
      } catch (ConditionTimeoutException e) {
        soft.fail(
            "aviary_connections is %s, not back to its baseline %s after the run (seed %d):"
                + " connections leaked",
            metric("aviary_connections", null), baseline, seed);
      }

      // Give the leak detector its chance: collect, then allocate (each allocation polls it).
      for (int i = 0; i < 3; i++) {
        System.gc();
        ByteBufAllocator.DEFAULT.buffer(16).release();
        Support.assertBrokerServes(port);
      }
      System.out.printf(
          "FuzzIT: broker log records at WARN or above during the run: %s%n", log.summary());
      soft.assertThat(log.brokerExceptions())
          .as("exceptions thrown through broker code and logged at WARN+, seed %d", seed)
          .isEmpty();
      soft.assertThat(log.leaks())
          .as("Netty leak reports (LEAK:) logged by the broker during the fuzz run, seed %d", seed)
          .isEmpty();
    } finally {
      log.uninstall();
    }
    soft.assertAll();
  }

  /** Replays one case ({@code -Dfuzz.seed=S -Dfuzz.case=N}) and prints its bytes. */
  @Test
  void replayOneCase() {
    Long seed = Long.getLong("fuzz.seed");
    Integer n = Integer.getInteger("fuzz.case");
    Assumptions.assumeTrue(seed != null && n != null, "set fuzz.seed and fuzz.case");
    port = new TestBroker(listeners).mqttPort();
    topicRoot = "fuzz/" + Long.toHexString(seed);
    Case c = generate(new Random(seed * 0x9E3779B97F4A7C15L + n), n);
    System.out.printf("FuzzIT case %d of seed %d: %s%n", n, seed, Bytes.hex(c.bytes(), 100_000));
    double connections = metric("aviary_connections", null);
    runCase(seed, n);
    assertThat(violations).isEmpty();
    await()
        .alias("aviary_connections back to " + connections + " after case " + n)
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> metric("aviary_connections", null) <= connections);
  }

  private int fuzz(long seed) throws Exception {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < deadline) {
                    int n = next.getAndIncrement();
                    if (n >= MAX_CASES) {
                      return null;
                    }
                    runCase(seed, n);
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get(BUDGET.toSeconds() + 30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return Math.min(next.get(), MAX_CASES);
  }

  // ---- one case -------------------------------------------------------------------------------

  private void runCase(long seed, int n) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + n);
    Case c = generate(r, n);
    count("strategy." + c.strategy());
    byte[] wire = c.bytes();
    try (RawMqttClient client = RawMqttClient.open(port)) {
      if (r.nextInt(4) == 0) {
        client.socket().setSoLinger(true, 0); // close with RST
      }
      sendInChunks(client, wire, r);
      if (r.nextInt(8) == 0) {
        count("outcome.client_closed_at_once");
        return;
      }
      check(seed, n, c, client);
    } catch (SocketException e) {
      count("outcome.socket_error");
    } catch (RuntimeException e) {
      violations.add(describe(seed, n, c, "client failure: " + e));
    }
  }

  private static void sendInChunks(RawMqttClient client, byte[] wire, Random r) {
    if (wire.length < 2 || r.nextBoolean()) {
      client.sendQuietly(wire);
      return;
    }
    int at = 0;
    while (at < wire.length) {
      int len = 1 + r.nextInt(Math.max(1, Math.min(64, wire.length - at)));
      if (!client.sendQuietly(Arrays.copyOfRange(wire, at, at + len))) {
        return;
      }
      at += len;
    }
  }

  /** Reads what the broker sends until it closes or goes quiet, checking each packet. */
  private void check(long seed, int n, Case c, RawMqttClient client) {
    long limit = System.nanoTime() + CASE_READ_LIMIT.toNanos();
    boolean first = true;
    while (System.nanoTime() < limit) {
      RawMqttClient.Packet p;
      try {
        p = client.poll(QUIET);
      } catch (AssertionError e) {
        violations.add(describe(seed, n, c, "unparseable answer: " + e.getMessage()));
        return;
      }
      if (p == null) {
        count(client.isClosedByServer() ? "outcome.closed_by_server" : "outcome.left_open");
        return;
      }
      count("received." + Packets.typeName(p.type()));
      if (!SERVER_PACKETS.contains(p.type())) {
        violations.add(describe(seed, n, c, "server sent a client-only packet " + p));
      } else if (first && p.type() != Packets.CONNACK) {
        violations.add(describe(seed, n, c, "first packet is not CONNACK: " + p));
      }
      first = false;
    }
    count("outcome.still_talking");
  }

  private void count(String key) {
    stats.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static String describe(long seed, int n, Case c, String what) {
    return String.format(
        "seed=%d case=%d strategy=%s: %s; sent %s",
        seed, n, c.strategy(), what, Bytes.hex(c.bytes(), 96));
  }

  // ---- generation -----------------------------------------------------------------------------

  @SuppressWarnings("ArrayRecordComponent") // never compared
  record Case(String strategy, byte[] bytes) {}

  private Case generate(Random r, int n) {
    boolean v5 = r.nextBoolean();
    String id = "fuzz-" + n + "-" + Integer.toHexString(r.nextInt());
    int kind = r.nextInt(10);
    if (kind == 0) {
      return new Case("random_bytes", randomBytes(r, 1 + r.nextInt(300)));
    }
    if (kind <= 2) {
      return new Case("mutated_connect", mutate(r, validConnect(r, v5, id)));
    }
    Bytes out = new Bytes().raw(validConnect(r, v5, id));
    int packets = 1 + r.nextInt(8);
    String strategy = "connect_then_valid";
    for (int i = 0; i < packets; i++) {
      byte[] p = validPacket(r, v5);
      int roll = r.nextInt(10);
      if (roll < 4) {
        p = mutate(r, p);
        strategy = "connect_then_mutated";
      } else if (roll == 4) {
        p = randomBytes(r, 1 + r.nextInt(64));
        strategy = "connect_then_mutated";
      } else if (roll == 5) {
        p = randomPacket(r);
        strategy = "connect_then_mutated";
      }
      out.raw(p);
    }
    return new Case(strategy, out.toArray());
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** Any first byte (type and flags), a random Remaining Length, random body. */
  private static byte[] randomPacket(Random r) {
    int length = r.nextInt(4) == 0 ? r.nextInt(70_000) : r.nextInt(40);
    byte[] body = randomBytes(r, Math.min(length, 200));
    return new Bytes().u8(r.nextInt(256)).varint(length).raw(body).toArray();
  }

  private byte[] validConnect(Random r, boolean v5, String id) {
    Packets.Connect c =
        new Packets.Connect(v5, id).keepAlive(r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(120));
    if (v5) {
      Props p = Props.none();
      if (r.nextBoolean()) {
        p.put(Props.RECEIVE_MAXIMUM, 1 + r.nextInt(10));
      }
      if (r.nextBoolean()) {
        p.put(Props.TOPIC_ALIAS_MAXIMUM, r.nextInt(5));
      }
      if (r.nextBoolean()) {
        p.put(Props.MAXIMUM_PACKET_SIZE, 20 + r.nextInt(2_000));
      }
      if (r.nextInt(4) == 0) {
        p.put(Props.SESSION_EXPIRY_INTERVAL, r.nextInt(20));
      }
      if (r.nextInt(6) == 0) {
        p.user("k", "v");
      }
      c.props(p);
    }
    if (r.nextInt(4) == 0) {
      Props willProps =
          v5 && r.nextBoolean()
              ? Props.none().put(Props.WILL_DELAY_INTERVAL, r.nextInt(3))
              : Props.none();
      c.will(topic(r), randomBytes(r, r.nextInt(20)), r.nextInt(3), r.nextBoolean(), willProps);
    }
    return c.build();
  }

  private String topic(Random r) {
    return topicRoot + "/" + r.nextInt(4) + (r.nextBoolean() ? "/x" : "");
  }

  private String filter(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> topicRoot + "/#";
      case 1 -> topicRoot + "/+/x";
      case 2 -> "$share/g/" + topic(r);
      default -> topic(r);
    };
  }

  private byte[] validPacket(Random r, boolean v5) {
    int id = 1 + r.nextInt(20);
    return switch (r.nextInt(10)) {
      case 0, 1, 2 -> {
        Props p = Props.none();
        if (v5 && r.nextInt(3) == 0) {
          p.put(Props.TOPIC_ALIAS, 1 + r.nextInt(3));
        }
        if (v5 && r.nextInt(4) == 0) {
          p.put(Props.MESSAGE_EXPIRY_INTERVAL, r.nextInt(5));
        }
        if (v5 && r.nextInt(4) == 0) {
          p.put(Props.CORRELATION_DATA, randomBytes(r, r.nextInt(8)));
        }
        String t = v5 && p.has(Props.TOPIC_ALIAS) && r.nextBoolean() ? "" : topic(r);
        yield Packets.publish(
            v5, t, r.nextInt(3), r.nextInt(8) == 0, id, p, randomBytes(r, r.nextInt(100)));
      }
      case 3 -> {
        Props p =
            v5 && r.nextBoolean()
                ? Props.none().put(Props.SUBSCRIPTION_IDENTIFIER, 1 + r.nextInt(1_000))
                : Props.none();
        Packets.Sub[] subs = new Packets.Sub[1 + r.nextInt(3)];
        for (int i = 0; i < subs.length; i++) {
          subs[i] = new Packets.Sub(filter(r), v5 ? r.nextInt(0x30) : r.nextInt(3));
        }
        yield Packets.subscribe(v5, id, p, subs);
      }
      case 4 -> Packets.unsubscribe(v5, id, filter(r));
      case 5 ->
          Packets.ack(
              List.of(Packets.PUBACK, Packets.PUBREC, Packets.PUBCOMP).get(r.nextInt(3)), id);
      case 6 -> Packets.pubrel(id);
      case 7 -> Packets.PINGREQ_BYTES.clone();
      case 8 -> Packets.disconnect(v5, List.of(0x00, 0x04, 0x80).get(r.nextInt(3)), Props.none());
      default -> Packets.packet(0xF0, new byte[] {0x18, 0x00});
    };
  }

  /** One mutation: flipped bytes, truncation, a random Remaining Length, first byte, insertion. */
  private static byte[] mutate(Random r, byte[] p) {
    return switch (r.nextInt(5)) {
      case 0 -> flipBytes(r, p);
      case 1 -> Arrays.copyOf(p, r.nextInt(p.length));
      case 2 -> replaceRemainingLength(r, p);
      case 3 -> {
        byte[] b = p.clone();
        b[0] = (byte) r.nextInt(256);
        yield b;
      }
      default -> {
        int at = r.nextInt(p.length + 1);
        yield new Bytes()
            .raw(Arrays.copyOf(p, at))
            .raw(randomBytes(r, 1 + r.nextInt(16)))
            .raw(Arrays.copyOfRange(p, at, p.length))
            .toArray();
      }
    };
  }

  private static byte[] flipBytes(Random r, byte[] p) {
    byte[] b = p.clone();
    int flips = 1 + r.nextInt(4);
    for (int i = 0; i < flips; i++) {
      b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
    }
    return b;
  }

  /** The same first byte and body behind 1 to 5 random Remaining Length bytes. */
  private static byte[] replaceRemainingLength(Random r, byte[] p) {
    int headerEnd = 1;
    while (headerEnd < p.length && headerEnd < 5 && (p[headerEnd] & 0x80) != 0) {
      headerEnd++;
    }
    headerEnd = Math.min(headerEnd + 1, p.length);
    return new Bytes()
        .u8(p[0])
        .raw(randomBytes(r, 1 + r.nextInt(5)))
        .raw(Arrays.copyOfRange(p, headerEnd, p.length))
        .toArray();
  }

  // ---- leak detection -------------------------------------------------------------------------

  /**
   * Leaks one buffer on purpose and waits for Netty to report it, proving that leak reports reach
   * the captured log (otherwise "no LEAK:" would prove nothing). Its report names this method and
   * is left out of the final check.
   */
  private static void proveLeakDetectionIsObservable(LogCapture log) {
    leakCanary();
    await()
        .alias("Netty reports the deliberately leaked canary buffer")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              System.gc();
              ByteBufAllocator.DEFAULT.buffer(16).release();
              return log.canarySeen();
            });
    System.out.println(
        "FuzzIT: the LEAK report naming leakCanary above is the deliberate canary, not a bug");
  }

  @SuppressWarnings("unused")
  private static void leakCanary() {
    ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(32);
    leaked.writeLong(0xCA4A_2F00L);
  }
}
