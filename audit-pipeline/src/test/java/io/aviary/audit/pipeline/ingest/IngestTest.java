package io.aviary.audit.pipeline.ingest;

import static io.aviary.audit.pipeline.TestStores.count;
import static io.aviary.audit.pipeline.TestStores.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.KafkaClientSecurity;
import io.aviary.audit.pipeline.Events;
import io.aviary.audit.pipeline.TestStores;
import io.aviary.audit.pipeline.metrics.AuditMetrics;
import io.aviary.audit.pipeline.store.Partitions;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.KafkaClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest loop against a real Kafka and a real PostgreSQL, built with {@code new}: exactly once
 * in the store across restarts, crashes and database failures, and refused records on the
 * dead-letter topic.
 */
class IngestTest {

  private static final List<String> ORGS =
      List.of("org_aaaaaaaaaaaa", "org_bbbbbbbbbbbb", "org_cccccccccccc");

  private final EmbeddedKafka kafka = TestStores.kafka();
  private final List<AuditIngestor> running = new ArrayList<>();
  private DataSource db;
  private String topic;
  private String dlq;
  private String group;
  private KafkaProducer<String, String> producer;

  @BeforeEach
  void setUp() {
    db = TestStores.newDatabase();
    topic = TestStores.unique("audit");
    dlq = topic + ".dlq";
    group = TestStores.unique("pipeline");
    kafka.createTopic(topic, 3);
    kafka.createTopic(dlq, 1);
    producer = KafkaClients.producer(kafka, Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    running.forEach(AuditIngestor::close);
    if (producer != null) { // null when setUp failed before making it
      producer.close();
    }
  }

  @Test
  void everyEventIsStoredOnceWithItsColumns() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<AuditRecord> records = new ArrayList<>(Events.mixed(600, ORGS, now));
    records.addAll(Events.everyType(ORGS.get(0), now));
    Events.produce(producer, topic, records);

    AuditMetrics metrics = metrics();
    start(db, 100, metrics);

    await().atMost(Events.WAIT).until(() -> rows() == records.size());
    assertThat(count(db, "select count(distinct event_id) from audit_event"))
        .isEqualTo(records.size());
    await().atMost(Events.WAIT).until(() -> committed().equals(endOffsets()));
    assertThat(metrics.written()).isEqualTo(records.size());
    assertThat(metrics.duplicates()).isZero();
    assertThat(count(db, "select count(*) from audit_event where org_id is null"))
        .isEqualTo(records.stream().filter(r -> r.orgId() == null).count());
    // The queries' columns, taken from each type's fields.
    assertThat(
            count(
                db,
                "select count(*) from audit_event where type = 'acl_verdict' and verdict is not"
                    + " null and topic like 'fleet/eu/%' and principal like 'device:%'"))
        .isEqualTo(records.stream().filter(r -> r instanceof AuditRecord.AclDecided).count() - 1);
    assertThat(
            count(
                db,
                "select count(*) from audit_event where type = 'idp_changed'"
                    + " and principal = 'user:ana@example.com' and action = 'updated'"))
        .isEqualTo(1);
    // The stored document is the event itself.
    AuditRecord first = records.get(0);
    assertThat(
            count(
                db,
                "select count(*) from audit_event where event_id = '"
                    + first.eventId()
                    + "' and event->>'event_id' = '"
                    + first.eventId()
                    + "' and event->>'type' = '"
                    + first.type().code()
                    + "'"))
        .isEqualTo(1);
  }

  @Test
  void aConsumerStoppedMidStreamIsReplacedWithoutLossOrDuplicates() {
    List<AuditRecord> records = Events.mixed(3000, ORGS, Instant.now());
    Events.produce(producer, topic, records);

    AuditIngestor first = start(db, 50, metrics());
    await().atMost(Events.WAIT).until(() -> rows() >= 300);
    first.close();
    long afterFirst = rows();
    assertThat(afterFirst).isLessThan(records.size());

    AuditMetrics second = metrics();
    start(db, 50, second);
    await().atMost(Events.WAIT).until(() -> rows() == records.size());
    assertThat(count(db, "select count(distinct event_id) from audit_event"))
        .isEqualTo(records.size());
    // The first consumer committed every batch it stored before it stopped.
    assertThat(second.duplicates()).isZero();
    assertThat(second.written()).isEqualTo((double) (records.size() - afterFirst));
  }

  @Test
  void twoInstancesShareThePartitionsAndStoreEveryEventOnce() throws Exception {
    List<String> orgs = IntStream.range(0, 12).mapToObj(i -> "org_shared0000" + i).toList();
    List<AuditRecord> before = Events.mixed(1500, orgs, Instant.now());
    List<AuditRecord> after = Events.mixed(1500, orgs, Instant.now());
    Events.produce(producer, topic, before);

    AuditMetrics first = metrics();
    AuditMetrics second = metrics();
    start(db, 50, first);
    await().atMost(Events.WAIT).until(() -> rows() >= 300);
    // The second instance joins while the first is writing: the partitions are split between
    // them, and the batch the first had in flight is committed before it lets go.
    start(db, 50, second);
    await().atMost(Events.WAIT).until(this::bothMembersHavePartitions);
    Events.produce(producer, topic, after);

    int total = before.size() + after.size();
    await().atMost(Events.WAIT).until(() -> rows() == total);
    await().atMost(Events.WAIT).until(() -> committed().equals(endOffsets()));
    assertThat(count(db, "select count(distinct event_id) from audit_event")).isEqualTo(total);
    assertThat(first.written()).isPositive();
    assertThat(second.written()).isPositive();
    assertThat(first.written() + second.written()).isEqualTo(total);
  }

  private boolean bothMembersHavePartitions() throws Exception {
    try (Admin admin = admin()) {
      var members =
          admin
              .describeConsumerGroups(List.of(group))
              .all()
              .get(30, TimeUnit.SECONDS)
              .get(group)
              .members();
      return members.size() == 2
          && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }
  }

  @Test
  void aCrashBetweenTheDatabaseCommitAndTheOffsetCommitIsHarmless() throws Exception {
    List<AuditRecord> records = Events.mixed(500, ORGS, Instant.now());
    Events.produce(producer, topic, records);

    // The first consumer's first transaction commits, then its process "dies" before it can
    // commit the offsets: an Error ends its thread with nothing committed to Kafka.
    AtomicBoolean crashed = new AtomicBoolean();
    DataSource crashing =
        afterCommit(
            db,
            () -> {
              if (crashed.compareAndSet(false, true)) {
                throw new SimulatedCrash();
              }
            });
    start(crashing, 200, metrics());
    // The crash is the point here: Awaitility must not rethrow it from the dying thread.
    await().dontCatchUncaughtExceptions().atMost(Events.WAIT).untilTrue(crashed);
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Events.WAIT)
        .until(() -> !running.get(0).isAlive());
    long stored = rows();
    assertThat(stored).isPositive();
    assertThat(committed()).isEmpty();

    AuditMetrics second = metrics();
    start(db, 200, second);
    await().atMost(Events.WAIT).until(() -> rows() == records.size());
    await().atMost(Events.WAIT).until(() -> committed().equals(endOffsets()));
    assertThat(count(db, "select count(distinct event_id) from audit_event"))
        .isEqualTo(records.size());
    // The redelivered batch was skipped by ON CONFLICT and counted.
    assertThat(second.duplicates()).isEqualTo((double) stored);
    assertThat(second.written()).isEqualTo((double) (records.size() - stored));
  }

  @Test
  void refusedRecordsGoToTheDeadLetterTopicAndTheGoodOnesAroundThemAreStored() {
    String org = ORGS.get(1);
    Instant now = Instant.now();
    AuditRecord good1 = Events.connect(org, now, "c1", "device:c1");
    AuditRecord good2 = Events.connect(org, now, "c2", "device:c2");
    String v2 = Events.json(good1).replace("\"schema_version\":1", "\"schema_version\":2");
    String missing = Events.json(good2).replace(",\"listener\":\"mqtts\"", "");
    String nul =
        Events.json(Events.connect(org, now, "c3", "device:c3"))
            .replace("\"client_id\":\"c3\"", "\"client_id\":\"c\\u00003\"");
    Events.produceRaw(
        producer,
        topic,
        org,
        List.of(Events.json(good1), "{\"not json", v2, missing, nul, Events.json(good2)));

    AuditMetrics metrics = metrics();
    start(db, 100, metrics);

    await().atMost(Events.WAIT).until(() -> metrics.deadLetteredTotal() == 4);
    assertThat(rows()).isEqualTo(2);
    assertThat(stored(good1, good2)).isEqualTo(2);

    List<ConsumerRecord<String, String>> letters =
        KafkaClients.readAll(kafka, dlq, 4, Duration.ofSeconds(30));
    assertThat(letters).hasSize(4);
    assertThat(letters).allSatisfy(l -> assertThat(l.key()).isEqualTo(org));
    assertThat(letters.stream().map(l -> header(l, DeadLetters.KIND)).sorted())
        .containsExactly("invalid", "malformed", "unstorable", "unsupported_version");
    ConsumerRecord<String, String> unknownVersion = letterOf(letters, "unsupported_version");
    assertThat(unknownVersion.value()).isEqualTo(v2);
    assertThat(header(unknownVersion, DeadLetters.REASON)).contains("unknown schema_version 2");
    assertThat(header(unknownVersion, DeadLetters.POINTER)).isEqualTo("/schema_version");
    assertThat(header(unknownVersion, DeadLetters.SOURCE_TOPIC)).isEqualTo(topic);
    assertThat(header(unknownVersion, DeadLetters.SOURCE_OFFSET)).isEqualTo("2");
    ConsumerRecord<String, String> invalid = letterOf(letters, "invalid");
    assertThat(header(invalid, DeadLetters.REASON)).contains("listener");
    assertThat(header(invalid, DeadLetters.POINTER)).isEqualTo("/listener");
    assertThat(metrics.written()).isEqualTo(2);
    await().atMost(Events.WAIT).until(() -> committed().equals(endOffsets()));
  }

  @Test
  void aPackedRecordIsStoredEventByEventAndOnlyItsBadLinesAreDeadLettered() {
    String org = ORGS.get(2);
    Instant now = Instant.now();
    AuditRecord good1 = Events.connect(org, now, "p1", "device:p1");
    AuditRecord good2 = Events.disconnect(org, now, "p1");
    String nul =
        Events.json(Events.connect(org, now, "p3", "device:p3"))
            .replace("\"client_id\":\"p3\"", "\"client_id\":\"p\\u00003\"");
    // As the broker packs them: one event per line, the last line ended too.
    String packed =
        String.join("\n", Events.json(good1), "{\"not json", nul, Events.json(good2)) + "\n";
    Events.produceRaw(producer, topic, org, List.of(packed));

    AuditMetrics metrics = metrics();
    start(db, 100, metrics);

    await().atMost(Events.WAIT).until(() -> metrics.deadLetteredTotal() == 2);
    assertThat(stored(good1, good2)).isEqualTo(2);
    assertThat(rows()).isEqualTo(2);
    List<ConsumerRecord<String, String>> letters =
        KafkaClients.readAll(kafka, dlq, 2, Duration.ofSeconds(30));
    assertThat(letters)
        .extracting(l -> header(l, DeadLetters.SOURCE_LINE) + " " + header(l, DeadLetters.KIND))
        .containsExactlyInAnyOrder("1 malformed", "2 unstorable");
    assertThat(letters)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrder("{\"not json", nul);
    assertThat(letters)
        .allSatisfy(l -> assertThat(header(l, DeadLetters.SOURCE_OFFSET)).isEqualTo("0"));
    await().atMost(Events.WAIT).until(() -> committed().equals(endOffsets()));
  }

  @Test
  void verdictRunsAreStoredAsTheEventsTheyStandForAndABrokenRunIsDeadLetteredWhole() {
    String org = ORGS.get(0);
    Instant now = Instant.now();
    List<AuditRecord> events = new ArrayList<>();
    events.add(Events.connect(org, now, "r1", "device:r1"));
    for (int i = 0; i < 50; i++) {
      String client = "r" + (1 + i % 2);
      events.add(
          Events.verdict(org, now.plusMillis(i), client, "device:" + client, "fleet/r/" + i, true));
    }
    // PostgreSQL's jsonb cannot hold U+0000: this one publish alone is unstorable.
    AuditRecord nul =
        Events.verdict(org, now.plusMillis(60), "r1", "device:r1", "fleet/\u0000/x", true);
    events.add(nul);
    events.add(Events.disconnect(org, now.plusMillis(61), "r1"));
    // As the broker packs them: the allowed publishes as one verdict run per client.
    AuditCodec.LineBuffer pack = Events.CODEC.lineBuffer(true);
    events.forEach(pack::append);
    String packed = new String(pack.toByteArray(), StandardCharsets.UTF_8);
    assertThat(packed).contains("\"type\":\"acl_verdict_run\"");
    String broken =
        AuditCodec.lines(pack.toByteArray()).stream()
            .map(line -> new String(line, StandardCharsets.UTF_8))
            .filter(line -> line.contains("acl_verdict_run"))
            .findFirst()
            .orElseThrow()
            .replaceFirst(",false\\]", "]");
    Events.produceRaw(producer, topic, org, List.of(packed + broken));

    AuditMetrics metrics = metrics();
    start(db, 100, metrics);

    await().atMost(Events.WAIT).until(() -> metrics.deadLetteredTotal() == 2);
    List<AuditRecord> storable = events.stream().filter(e -> e != nul).toList();
    await().atMost(Events.WAIT).until(() -> rows() == storable.size());
    assertThat(stored(storable.toArray(AuditRecord[]::new))).isEqualTo(storable.size());
    // Each stored verdict is the acl_verdict event itself, never the run.
    assertThat(count(db, "select count(*) from audit_event where event->>'type' = 'acl_verdict'"))
        .isEqualTo(50);
    AuditRecord.AclDecided some = (AuditRecord.AclDecided) events.get(7);
    assertThat(
            count(
                db,
                "select count(*) from audit_event where event_id = '"
                    + some.eventId()
                    + "' and event = '"
                    + Events.json(some)
                    + "'::jsonb and topic = 'fleet/r/6'"))
        .isEqualTo(1);
    List<ConsumerRecord<String, String>> letters =
        KafkaClients.readAll(kafka, dlq, 2, Duration.ofSeconds(30));
    ConsumerRecord<String, String> unstorable = letterOf(letters, "unstorable");
    assertThat(unstorable.value()).isEqualTo(Events.json(nul));
    ConsumerRecord<String, String> invalid = letterOf(letters, "invalid");
    assertThat(invalid.value()).isEqualTo(broken);
    assertThat(header(invalid, DeadLetters.POINTER)).matches("/verdicts/\\d+");
    assertThat(metrics.written()).isEqualTo(storable.size());
    await().atMost(Events.WAIT).until(() -> committed().equals(endOffsets()));
  }

  @Test
  void nothingIsCommittedWhileTheDatabaseFailsAndNothingIsLostAfterwards() throws Exception {
    execute(db, "alter table audit_event rename to audit_event_away");
    List<AuditRecord> records = Events.mixed(400, ORGS, Instant.now());
    Events.produce(producer, topic, records);

    AuditMetrics metrics = metrics();
    start(db, 100, metrics);
    await().atMost(Events.WAIT).until(() -> metrics.writeFailures() >= 3);
    assertThat(committed()).isEmpty();

    execute(db, "alter table audit_event_away rename to audit_event");
    await().atMost(Events.WAIT).until(() -> rows() == records.size());
    await().atMost(Events.WAIT).until(() -> committed().equals(endOffsets()));
    assertThat(count(db, "select count(distinct event_id) from audit_event"))
        .isEqualTo(records.size());
  }

  @Test
  void aSaslSslKafkaIsReadAndDeadLetteredWithTheOperatorsSecuritySettings() {
    String org = ORGS.get(0);
    AuditRecord good = Events.connect(org, Instant.now(), "s1", "device:s1");
    try (EmbeddedKafka secured =
        EmbeddedKafka.builder()
            .sasl("SCRAM-SHA-512", "pipeline", "pipe\"line")
            .tls()
            .build()
            .start()) {
      secured.createTopic(topic, 1);
      secured.createTopic(dlq, 1);
      try (KafkaProducer<String, String> plain = KafkaClients.producer(secured, Events.WAIT)) {
        Events.produceRaw(plain, topic, org, List.of(Events.json(good), "{\"not json"));
      }
      // As Quarkus hands the kafka.* keys over: strings, the security ones among the others.
      Map<String, Object> kafkaKeys = new HashMap<>(secured.clientSecurity());
      kafkaKeys.put("bootstrap.servers", secured.securedBootstrapServers());
      kafkaKeys.put("auto.offset.reset", "earliest");
      Map<String, Object> client =
          IngestClients.client(kafkaKeys, KafkaClientSecurity.from(kafkaKeys), group);
      assertThat(client).doesNotContainKeys("sasl.username", "sasl.password");
      AuditMetrics metrics = metrics();
      AuditIngestor ingestor =
          new AuditIngestor(
              client,
              db,
              new Partitions(db, Clock.systemUTC(), 2, 31),
              IngestSettings.of(topic, dlq).withMaxBackoff(Duration.ofMillis(400)),
              metrics);
      try {
        ingestor.start();
        await().atMost(Events.WAIT).until(() -> stored(good) == 1);
        await().atMost(Events.WAIT).until(() -> metrics.deadLetteredTotal() == 1);
      } finally {
        ingestor.close(); // before its Kafka goes
      }
      assertThat(KafkaClients.readAll(secured, dlq, 1, Duration.ofSeconds(30)))
          .extracting(ConsumerRecord::value)
          .containsExactly("{\"not json");
    }
  }

  private AuditIngestor start(DataSource ds, int batchSize, AuditMetrics metrics) {
    Map<String, Object> client = new HashMap<>();
    client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    client.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    IngestSettings settings =
        IngestSettings.of(topic, dlq)
            .withBatchSize(batchSize)
            .withMaxBackoff(Duration.ofMillis(400));
    AuditIngestor ingestor =
        new AuditIngestor(
            client, ds, new Partitions(db, Clock.systemUTC(), 2, 31), settings, metrics);
    running.add(ingestor);
    return ingestor.start();
  }

  private static AuditMetrics metrics() {
    return new AuditMetrics(new SimpleMeterRegistry());
  }

  /** How many of {@code events} are in the store. */
  private long stored(AuditRecord... events) {
    StringBuilder ids = new StringBuilder();
    for (AuditRecord e : events) {
      ids.append(ids.isEmpty() ? "'" : ", '").append(e.eventId()).append('\'');
    }
    return count(db, "select count(*) from audit_event where event_id in (" + ids + ")");
  }

  private long rows() {
    try {
      return count(db, "select count(*) from audit_event");
    } catch (IllegalStateException e) {
      return -1; // renamed away
    }
  }

  private Map<TopicPartition, Long> committed() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach(
          (tp, o) -> {
            if (o != null && tp.topic().equals(topic)) {
              result.put(tp, o.offset());
            }
          });
      return result;
    }
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < 3; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> result = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach(
              (tp, info) -> {
                if (info.offset() > 0) {
                  result.put(tp, info.offset());
                }
              });
      return result;
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  /** The dead letter of {@code kind} among {@code letters}. */
  private static ConsumerRecord<String, String> letterOf(
      List<ConsumerRecord<String, String>> letters, String kind) {
    return letters.stream()
        .filter(l -> kind.equals(header(l, DeadLetters.KIND)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " dead letter among " + letters));
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** A data source whose connections run {@code hook} right after each successful commit. */
  private static DataSource afterCommit(DataSource target, Runnable hook) {
    return (DataSource)
        Proxy.newProxyInstance(
            IngestTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(method, target, args);
              if (result instanceof Connection c) {
                return Proxy.newProxyInstance(
                    IngestTest.class.getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (p, m, a) -> {
                      Object r = invoke(m, c, a);
                      if (m.getName().equals("commit")) {
                        hook.run();
                      }
                      return r;
                    });
              }
              return result;
            });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Stands for the process dying: not an exception the loop handles. */
  private static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash after the database commit", null, false, false);
    }
  }
}
