package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditCodec.Accepted;
import io.aviary.audit.event.AuditCodec.AcceptedRun;
import io.aviary.audit.event.AuditCodec.Refusal;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.AclDecided.Action;
import io.aviary.audit.event.AuditRecord.AclDecided.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerdictRunsTest {

  private static final Instant T0 = Instant.parse("2026-12-03T02:00:00.000001Z");

  private final AuditCodec codec = new AuditCodec();

  private static AclDecided publish(String client, Instant time, String topic, int qos) {
    return verdict(client, time, topic, qos, Action.PUBLISH, Verdict.ALLOW, 7, false);
  }

  private static AclDecided verdict(
      String client,
      Instant time,
      String topic,
      int qos,
      Action action,
      Verdict verdict,
      long policyVersion,
      boolean sampled) {
    return new AclDecided(
        EventIds.next(),
        "acme",
        "broker-1",
        time,
        client,
        "device:" + client,
        action,
        topic,
        qos,
        qos == 1,
        verdict,
        verdict == Verdict.ALLOW ? "telemetry" : "default",
        verdict == Verdict.ALLOW ? Decision.Reason.RULE : Decision.Reason.DEFAULT,
        policyVersion,
        sampled);
  }

  /** Three clients' publishes interleaved, other events among them, some odd topics. */
  private static List<AuditRecord> traffic() {
    Random random = new Random(42);
    List<AuditRecord> records = new ArrayList<>();
    List<AuditRecord> others = Samples.all();
    String[] topics = {"t/1", "a/b/c/d", "ünï/\"quoted\"/\\", "line\nfeed", "\uD83D\uDE00/x"};
    for (int i = 0; i < 300; i++) {
      Instant time = T0.plus(Duration.ofNanos(1000L * random.nextInt(5_000_000)));
      String client = "sensor-" + random.nextInt(3);
      records.add(publish(client, time, topics[random.nextInt(topics.length)], random.nextInt(3)));
      if (i % 37 == 36) {
        records.add(others.get(i % others.size()));
      }
    }
    // A sampled one, one of another policy version and a denial: runs of their own, or no run.
    records.add(verdict("sensor-0", T0, "t/s", 0, Action.PUBLISH, Verdict.ALLOW, 7, true));
    records.add(verdict("sensor-0", T0, "t/v", 0, Action.PUBLISH, Verdict.ALLOW, 8, false));
    records.add(verdict("sensor-0", T0, "t/d", 0, Action.PUBLISH, Verdict.DENY, 7, false));
    records.add(verdict("sensor-0", T0, "t/w", 0, Action.WILL, Verdict.ALLOW, 7, false));
    return records;
  }

  /** The value of a pack with verdict runs holding {@code records}. */
  private byte[] packed(List<? extends AuditRecord> records) {
    AuditCodec.LineBuffer runs = codec.lineBuffer(true);
    records.forEach(runs::append);
    return runs.toByteArray();
  }

  /** Every line of a packed value read and expanded, in order. */
  private List<AuditRecord> readBack(byte[] value) {
    List<AuditRecord> read = new ArrayList<>();
    for (byte[] line : AuditCodec.lines(value)) {
      switch (codec.read(line)) {
        case Accepted a -> read.add(a.record());
        case AcceptedRun r -> read.addAll(r.records());
        case Refusal r -> throw new AssertionError(r + " for " + utf8(line));
      }
    }
    return read;
  }

  @Test
  void aPackWithRunsReadsBackAsExactlyTheEventsAppended() {
    List<AuditRecord> records = traffic();

    List<AuditRecord> read = readBack(packed(records));

    assertThat(read).containsExactlyInAnyOrderElementsOf(records);
    // Each record written alone from what was read is the event the broker would have sent.
    for (AuditRecord record : read) {
      assertThat(codec.write(record)).isEqualTo(codec.write(records.get(records.indexOf(record))));
    }
  }

  @Test
  void onlyConcurrentVerdictsOfDifferentClientsChangePlaces() {
    List<AuditRecord> records = traffic();

    List<AuditRecord> read = readBack(packed(records));

    for (int a = 0; a < records.size(); a++) {
      for (int b = a + 1; b < records.size(); b++) {
        AuditRecord first = records.get(a);
        AuditRecord second = records.get(b);
        boolean mayMove =
            first instanceof AclDecided x
                && second instanceof AclDecided y
                && !x.clientId().equals(y.clientId());
        if (!mayMove) {
          assertThat(read.indexOf(first))
              .as("%s before %s", first, second)
              .isLessThan(read.indexOf(second));
        }
      }
    }
  }

  @Test
  void onlyAllowedPublishesJoinRunsAndEachRunIsOneClientsSharedFields() throws IOException {
    int runLines = 0;
    for (byte[] line : AuditCodec.lines(packed(traffic()))) {
      JsonNode json = SchemaFixture.JSON.readTree(line);
      assertThat(SchemaFixture.errors(json)).as(utf8(line)).isEmpty();
      if (json.get("type").textValue().equals("acl_verdict_run")) {
        runLines++;
        assertThat(json.get("action").textValue()).isEqualTo("publish");
        assertThat(json.get("verdict").textValue()).isEqualTo("allow");
      } else if (json.get("type").textValue().equals("acl_verdict")) {
        assertThat(json.get("action").textValue() + "/" + json.get("verdict").textValue())
            .isNotEqualTo("publish/allow");
      }
    }
    // Three clients, runs closed by each of the other events, plus the sampled and the v8 one.
    assertThat(runLines).isBetween(3, 3 * 10 + 2);
  }

  @Test
  void anAllowedPublishTakesAFractionOfTheBytesOfItsEvent() {
    List<AuditRecord> publishes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      publishes.add(
          publish("sensor-" + i % 10, T0.plusMillis(i), "fleet/berlin/s" + i + "/temp", 0));
    }
    AuditCodec.LineBuffer lines = codec.lineBuffer(false);
    AuditCodec.LineBuffer runs = codec.lineBuffer(true);
    publishes.forEach(lines::append);
    publishes.forEach(runs::append);
    int estimate = runs.size();

    byte[] packed = runs.toByteArray();

    assertThat(packed.length).isLessThan(lines.toByteArray().length / 3);
    assertThat(estimate).isGreaterThanOrEqualTo(packed.length);
    assertThat(AuditCodec.lines(packed)).hasSize(10);
  }

  @Test
  void theBufferIsReusedAfterClearAndOpenRunsAreDropped() {
    AuditCodec.LineBuffer runs = codec.lineBuffer(true);
    runs.append(publish("a", T0, "t/1", 0));
    runs.clear();
    assertThat(runs.size()).isZero();
    AclDecided kept = publish("b", T0, "t/2", 1);
    runs.append(kept);

    assertThat(readBack(runs.toByteArray())).containsExactly(kept);
    // Read twice without appending: the same bytes, the run is not written twice.
    assertThat(readBack(runs.toByteArray())).containsExactly(kept);
  }

  @Test
  void aClockStepOfMoreThanADayOrANewPolicyVersionStartsTheClientsNextRun() {
    AclDecided first = publish("a", T0, "t/1", 0);
    AclDecided other = publish("b", T0, "t/b", 0);
    AclDecided later = publish("a", T0.plus(Duration.ofDays(2)), "t/2", 0);
    AclDecided newPolicy =
        verdict(
            "a", T0.plus(Duration.ofDays(2)), "t/3", 0, Action.PUBLISH, Verdict.ALLOW, 8, false);

    List<byte[]> lines = AuditCodec.lines(packed(List.of(first, other, later, newPolicy)));

    assertThat(lines)
        .extracting(codec::read)
        .containsExactly(
            new AcceptedRun(List.of(first)),
            new AcceptedRun(List.of(later)),
            new AcceptedRun(List.of(newPolicy)), // a's open run, then b's: in opening order
            new AcceptedRun(List.of(other)));
  }

  @Test
  void theSameClientIdInTwoOrganizationsNeverSharesARun() {
    AclDecided acme = publish("a", T0, "t/1", 0);
    AclDecided other =
        new AclDecided(
            EventIds.next(),
            "globex",
            acme.nodeId(),
            T0,
            "a",
            acme.principal(),
            Action.PUBLISH,
            "t/1",
            0,
            false,
            Verdict.ALLOW,
            acme.rule(),
            acme.reason(),
            acme.policyVersion(),
            false);

    assertThat(AuditCodec.lines(packed(List.of(acme, other))))
        .extracting(codec::read)
        .containsExactly(new AcceptedRun(List.of(acme)), new AcceptedRun(List.of(other)));
  }

  @Test
  void aTimeOutsideFourDigitYearsIsWrittenAsAnEventOfItsOwn() {
    AclDecided odd = publish("a", Instant.parse("+10000-01-01T00:00:00Z"), "t/1", 0);

    byte[] value = packed(List.of(odd));

    assertThat(new String(value, StandardCharsets.UTF_8)).doesNotContain("acl_verdict_run");
    assertThat(AuditCodec.lines(value)).hasSize(1);
  }

  @Test
  void entryTimesKeepTheirPrecisionAndMayGoBackInTime() {
    List<AuditRecord> records =
        List.of(
            publish("a", T0, "t/1", 0),
            publish("a", T0.minusMillis(3), "t/1", 0), // an earlier time: the clock stepped back
            publish("a", T0.plusNanos(999_000), "t/1", 0),
            publish("a", Instant.parse("2026-12-03T02:00:01Z"), "t/1", 0));

    assertThat(readBack(packed(records))).containsExactlyElementsOf(records);
  }

  // Refusals: a consumer dead-letters a broken run as one line, saying where it is broken.

  private ObjectNode aRun() throws IOException {
    byte[] value =
        packed(List.of(publish("a", T0, "t/1", 0), publish("a", T0.plusMillis(1), "t/2", 1)));
    return (ObjectNode) SchemaFixture.JSON.readTree(AuditCodec.lines(value).get(0));
  }

  private Refusal refusalOf(ObjectNode run) throws IOException {
    assertThat(SchemaFixture.errors(run)).as("the schema refuses it too").isNotEmpty();
    return (Refusal) codec.read(SchemaFixture.JSON.writeValueAsBytes(run));
  }

  @Test
  void aRunWithoutEntriesIsRefused() throws IOException {
    ObjectNode run = aRun();
    run.putArray("verdicts");

    assertThat(refusalOf(run).pointer()).isEqualTo("/verdicts");
  }

  @Test
  void anEntryOfTheWrongShapeIsRefusedWithItsPointer() throws IOException {
    ObjectNode run = aRun();
    ((ArrayNode) run.get("verdicts").get(1)).remove(4);
    assertThat(refusalOf(run))
        .isEqualTo(
            new Refusal(
                Refusal.Kind.INVALID,
                "each of 'verdicts' must be an array of 5 values, got an array of 4",
                "/verdicts/1"));

    ObjectNode bad = aRun();
    ((ArrayNode) bad.get("verdicts").get(1)).set(0, "not-an-id");
    assertThat(refusalOf(bad).pointer()).isEqualTo("/verdicts/1/0");

    ObjectNode far = aRun();
    ((ArrayNode) far.get("verdicts").get(0)).set(1, VerdictRuns.MAX_OFFSET_MICROS + 1);
    assertThat(refusalOf(far).pointer()).isEqualTo("/verdicts/0/1");

    ObjectNode qos = aRun();
    ((ArrayNode) qos.get("verdicts").get(1)).set(3, 3);
    assertThat(refusalOf(qos).pointer()).isEqualTo("/verdicts/1/3");

    ObjectNode topic = aRun();
    ((ArrayNode) topic.get("verdicts").get(0)).set(2, "");
    assertThat(refusalOf(topic).pointer()).isEqualTo("/verdicts/0/2");
  }

  @Test
  void aRunWithAnUnknownFieldOrASampledDenialIsRefused() throws IOException {
    ObjectNode extra = aRun();
    extra.put("payload", "x");
    assertThat(refusalOf(extra).pointer()).isEqualTo("/payload");

    ObjectNode eventId = aRun();
    eventId.put("event_id", EventIds.next().toString());
    assertThat(refusalOf(eventId).pointer()).isEqualTo("/event_id");

    ObjectNode deny = aRun();
    deny.put("verdict", "deny");
    deny.put("sampled", true);
    assertThat(refusalOf(deny).kind()).isEqualTo(Refusal.Kind.INVALID);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
