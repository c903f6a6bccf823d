package io.aviary.audit.pipeline;

import io.aviary.acl.Decision;
import io.aviary.audit.event.AuditCodec;
import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.AuditRecord.AclDecided;
import io.aviary.audit.event.AuditRecord.AuditDropped;
import io.aviary.audit.event.AuditRecord.AuthenticationFailed;
import io.aviary.audit.event.AuditRecord.ClientConnected;
import io.aviary.audit.event.AuditRecord.ClientDisconnected;
import io.aviary.audit.event.AuditRecord.IdpChanged;
import io.aviary.audit.event.AuditRecord.LimitExceeded;
import io.aviary.audit.event.AuditRecord.MemberAdded;
import io.aviary.audit.event.AuditRecord.PolicyActivated;
import io.aviary.audit.event.AuditRecord.Subscribed;
import io.aviary.audit.event.AuditRecord.Unsubscribed;
import io.aviary.audit.event.EventIds;
import io.aviary.broker.auth.AuthFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Audit records as brokers and tenant-api write them, and a way to put them on a topic. */
public final class Events {

  public static final AuditCodec CODEC = new AuditCodec();

  private Events() {}

  public static AclDecided verdict(
      String org, Instant time, String client, String principal, String topic, boolean allow) {
    return verdict(org, time, client, principal, AclDecided.Action.PUBLISH, topic, allow);
  }

  public static AclDecided verdict(
      String org,
      Instant time,
      String client,
      String principal,
      AclDecided.Action action,
      String topic,
      boolean allow) {
    return new AclDecided(
        EventIds.next(),
        org,
        "broker-1",
        time,
        client,
        principal,
        action,
        topic,
        1,
        false,
        allow ? AclDecided.Verdict.ALLOW : AclDecided.Verdict.DENY,
        allow ? "/rules/0" : "default",
        allow ? Decision.Reason.RULE : Decision.Reason.DEFAULT,
        3,
        false);
  }

  public static ClientConnected connect(String org, Instant time, String client, String principal) {
    return new ClientConnected(
        EventIds.next(),
        org,
        "broker-1",
        time,
        client,
        principal,
        "203.0.113.9",
        51234,
        "mqtts",
        ClientConnected.Transport.TLS,
        ClientConnected.MqttVersion.V5_0,
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        "okta-main",
        Map.of("site", List.of("berlin")),
        false,
        true);
  }

  /** An authentication failure; {@code org} null when the client named no organization. */
  public static AuthenticationFailed authFailure(
      String org, Instant time, String client, String username, AuthFailure reason) {
    return new AuthenticationFailed(
        EventIds.next(), org, "broker-1", time, client, username, "198.51.100.4", "mqtts", reason);
  }

  public static Subscribed subscribe(String org, Instant time, String client, String filter) {
    return new Subscribed(
        EventIds.next(), org, "broker-1", time, client, "device:" + client, filter, 1, null);
  }

  public static ClientDisconnected disconnect(String org, Instant time, String client) {
    return new ClientDisconnected(
        EventIds.next(),
        org,
        "broker-1",
        time,
        client,
        ClientDisconnected.Kind.UNGRACEFUL,
        "keep_alive_timeout",
        60_000);
  }

  /** One event of every type for {@code org} (the auth failure names no organization). */
  public static List<AuditRecord> everyType(String org, Instant time) {
    return List.of(
        connect(org, time, "c1", "device:c1"),
        authFailure(null, time, "c1", "c1@org_nosuchorgxx", AuthFailure.UNKNOWN_ORG),
        verdict(org, time, "c1", "device:c1", "site/a/temp", true),
        subscribe(org, time, "c1", "site/+/temp"),
        new Unsubscribed(
            EventIds.next(), org, "broker-1", time, "c1", "device:c1", "site/+/temp", null),
        disconnect(org, time, "c1"),
        new LimitExceeded(
            EventIds.next(),
            org,
            "broker-1",
            time,
            "c1",
            LimitExceeded.Limit.PUBLISH_RATE,
            "max 100 publishes per second"),
        new PolicyActivated(EventIds.next(), org, "tenant-api-0", time, "user:ana@example.com", 4),
        new IdpChanged(
            EventIds.next(),
            org,
            "tenant-api-0",
            time,
            "user:ana@example.com",
            "okta-main",
            IdpChanged.Change.UPDATED),
        new AuditRecord.ApiKeyCreated(
            EventIds.next(), org, "tenant-api-0", time, "user:ana@example.com", "k_1"),
        new AuditRecord.ApiKeyRevoked(
            EventIds.next(), org, "tenant-api-0", time, "user:ana@example.com", "k_1"),
        new MemberAdded(
            EventIds.next(),
            org,
            "tenant-api-0",
            time,
            "user:ana@example.com",
            "bo@example.com",
            MemberAdded.Role.MEMBER),
        new AuditDropped(EventIds.next(), org, "broker-1", time, 12, time, time));
  }

  /**
   * {@code n} realistic events over {@code orgs} organizations: mostly ACL verdicts, some connects,
   * subscribes, disconnects and auth failures (a few without an organization).
   */
  public static List<AuditRecord> mixed(int n, List<String> orgs, Instant start) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<AuditRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String org = orgs.get(random.nextInt(orgs.size()));
      Instant time = start.plus(i, ChronoUnit.MILLIS);
      String client = "device-" + random.nextInt(500);
      int kind = random.nextInt(100);
      AuditRecord r;
      if (kind < 80) {
        r =
            verdict(
                org,
                time,
                client,
                "device:" + client,
                "fleet/eu/site-" + random.nextInt(20) + "/" + client + "/telemetry",
                kind < 70);
      } else if (kind < 87) {
        r = connect(org, time, client, "device:" + client);
      } else if (kind < 93) {
        r = subscribe(org, time, client, "fleet/eu/+/" + client + "/commands");
      } else if (kind < 98) {
        r = disconnect(org, time, client);
      } else {
        r =
            authFailure(
                kind == 99 ? null : org, time, client, client + "@" + org, AuthFailure.EXPIRED);
      }
      out.add(r);
    }
    return out;
  }

  /** The Kafka key producers use: the org id, or empty for org-less events. */
  public static String key(AuditRecord record) {
    return record.orgId() == null ? "" : record.orgId();
  }

  public static String json(AuditRecord record) {
    return new String(CODEC.write(record), StandardCharsets.UTF_8);
  }

  /** Sends every record (keyed by org) and waits until Kafka has them all. */
  public static void produce(
      KafkaProducer<String, String> producer, String topic, List<? extends AuditRecord> records) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (AuditRecord r : records) {
      sent.add(producer.send(new ProducerRecord<>(topic, key(r), json(r))));
    }
    await(producer, sent);
  }

  /** Sends raw values (for documents the codec would refuse) under {@code key}. */
  public static void produceRaw(
      KafkaProducer<String, String> producer, String topic, String key, List<String> values) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (String v : values) {
      sent.add(producer.send(new ProducerRecord<>(topic, key, v)));
    }
    await(producer, sent);
  }

  private static void await(
      KafkaProducer<String, String> producer, List<Future<RecordMetadata>> sent) {
    producer.flush();
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A deadline for Kafka and database round trips in tests. */
  public static final Duration WAIT = Duration.ofSeconds(60);

  /** The ids of {@code records}. */
  public static List<UUID> ids(List<? extends AuditRecord> records) {
    return records.stream().map(AuditRecord::eventId).toList();
  }
}
