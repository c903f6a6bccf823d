package io.aviary.tenant;

import static io.aviary.tenant.TestApi.metric;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aviary.audit.event.AuditRecord;
import io.aviary.audit.event.AuditRecord.ApiKeyCreated;
import io.aviary.audit.event.AuditRecord.ApiKeyRevoked;
import io.aviary.audit.event.AuditRecord.IdpChanged;
import io.aviary.audit.event.AuditRecord.MemberAdded;
import io.aviary.audit.event.EventIds;
import io.aviary.kafka.EmbeddedKafka;
import io.aviary.kafka.InjectKafka;
import io.aviary.kafka.KafkaResource;
import io.aviary.service.audit.AuditOutbox;
import io.aviary.service.testing.AuditTopicReader;
import io.aviary.service.testing.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Tenant-side audit events reach the audit topic through the outbox, and only committed ones. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
class AuditEventsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String SECRET = "a-shared-secret-of-more-than-32-bytes!";

  @InjectKafka EmbeddedKafka kafka;

  @Inject AuditOutbox outbox;

  @Test
  void signUpAndNewMembersAreMemberAdded() {
    TestApi.Org org = TestApi.signup();
    String email = "member-" + UUID.randomUUID() + "@example.com";
    TestApi.as(org.token())
        .body(Map.of("email", email, "password", TestApi.PASSWORD))
        .post("/api/v1/orgs/" + org.orgId() + "/members")
        .then()
        .statusCode(201);
    try (AuditTopicReader topic = AuditTopicReader.open()) {
      AuditTopicReader.Received first =
          topic.await(
              r -> of(r, org, MemberAdded.class, m -> m.role() == MemberAdded.Role.ADMIN),
              DEADLINE);
      MemberAdded founder = (MemberAdded) first.record();
      assertThat(founder.actor()).isEqualTo("platform");
      assertThat(founder.memberEmail()).isEqualTo(org.email());
      assertThat(first.key()).isEqualTo(org.orgId());

      AuditTopicReader.Received added =
          topic.await(
              r -> of(r, org, MemberAdded.class, m -> m.memberEmail().equals(email)), DEADLINE);
      MemberAdded member = (MemberAdded) added.record();
      assertThat(member.actor()).isEqualTo("user:" + org.email());
      assertThat(member.role()).isEqualTo(MemberAdded.Role.MEMBER);
      assertThat(member.nodeId()).isNotBlank();
      assertThat(first.json() + added.json()).doesNotContain(TestApi.PASSWORD);
    }
  }

  @Test
  void apiKeysAreRecordedWithoutTheirSecret() {
    TestApi.Org org = TestApi.signup();
    String base = "/api/v1/orgs/" + org.orgId() + "/api-keys";
    Map<String, Object> created =
        TestApi.as(org.token())
            .body(Map.of("name", "ci"))
            .post(base)
            .then()
            .statusCode(201)
            .extract()
            .path("");
    String id = (String) created.get("id");
    String key = (String) created.get("key");
    // A key acts as itself: the second key's actor is the first key.
    String keyToken =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("api_key", key))
            .post("/api/v1/auth/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    String second =
        TestApi.as(keyToken)
            .body(Map.of("name", "made by a key"))
            .post(base)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    TestApi.as(org.token()).delete(base + "/" + id).then().statusCode(204);
    TestApi.as(org.token()).delete(base + "/" + id).then().statusCode(204);
    TestApi.as(org.token()).delete(base + "/" + second).then().statusCode(204);

    try (AuditTopicReader topic = AuditTopicReader.open()) {
      AuditTopicReader.Received made =
          topic.await(r -> of(r, org, ApiKeyCreated.class, k -> k.apiKeyId().equals(id)), DEADLINE);
      assertThat(((ApiKeyCreated) made.record()).actor()).isEqualTo("user:" + org.email());
      AuditTopicReader.Received byKey =
          topic.await(
              r -> of(r, org, ApiKeyCreated.class, k -> k.apiKeyId().equals(second)), DEADLINE);
      assertThat(((ApiKeyCreated) byKey.record()).actor()).isEqualTo("api_key:" + id);
      topic.await(r -> of(r, org, ApiKeyRevoked.class, k -> k.apiKeyId().equals(second)), DEADLINE);
      // The second revocation of the first key changed nothing and recorded nothing.
      List<AuditTopicReader.Received> revoked =
          topic.poll().stream()
              .filter(r -> of(r, org, ApiKeyRevoked.class, k -> k.apiKeyId().equals(id)))
              .toList();
      assertThat(revoked).hasSize(1);
      assertThat(((ApiKeyRevoked) revoked.get(0).record()).actor())
          .isEqualTo("user:" + org.email());
      String secretPart = key.substring(key.lastIndexOf('_') + 1);
      assertThat(topic.poll())
          .filteredOn(r -> org.orgId().equals(r.record().orgId()))
          .allSatisfy(r -> assertThat(r.json()).doesNotContain(secretPart).doesNotContain(key));
    }
  }

  @Test
  void idpChangesAreRecordedWithoutTheSecret() {
    TestApi.Org org = TestApi.signup();
    String idps = "/api/v1/orgs/" + org.orgId() + "/idps";
    Map<String, Object> body = TestApi.supabaseHs256Idp("legacy", SECRET);
    String id =
        TestApi.as(org.token()).body(body).post(idps).then().statusCode(201).extract().path("id");
    TestApi.as(org.token()).body(body).put(idps + "/" + id).then().statusCode(200);
    TestApi.as(org.token()).delete(idps + "/" + id).then().statusCode(204);

    try (AuditTopicReader topic = AuditTopicReader.open()) {
      for (IdpChanged.Change change : IdpChanged.Change.values()) {
        AuditTopicReader.Received r =
            topic.await(
                e ->
                    of(e, org, IdpChanged.class, i -> i.idpId().equals(id) && i.change() == change),
                DEADLINE);
        assertThat(((IdpChanged) r.record()).actor()).isEqualTo("user:" + org.email());
        assertThat(r.key()).isEqualTo(org.orgId());
        assertThat(r.json())
            .doesNotContain(SECRET)
            .doesNotContain(
                Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  @Test
  void onlyCommittedEventsAreRecorded() {
    TestApi.Org org = TestApi.signup();
    UUID rolledBack = EventIds.next();
    // The change after the event fails, so the transaction, event included, rolls back.
    assertThatThrownBy(
            () ->
                QuarkusTransaction.requiringNew()
                    .run(
                        () -> {
                          outbox.record(keyCreated(rolledBack, org, "rolledbk"));
                          throw new IllegalStateException("the change failed");
                        }))
        .hasMessageContaining("the change failed");
    assertThat(Sql.number("select count(*) from audit_outbox where event_id = ?", rolledBack))
        .isZero();

    UUID committed = EventIds.next();
    QuarkusTransaction.requiringNew().run(() -> outbox.record(keyCreated(committed, org, "kept")));
    // Outside a transaction recording is refused, never done half-way.
    assertThatThrownBy(() -> outbox.record(keyCreated(EventIds.next(), org, "notx")))
        .isInstanceOf(TransactionalException.class);

    try (AuditTopicReader topic = AuditTopicReader.open()) {
      topic.await(r -> r.record().eventId().equals(committed), DEADLINE);
      assertThat(topic.poll()).noneMatch(r -> r.record().eventId().equals(rolledBack));
    }
  }

  @Test
  void eventsWaitInTheOutboxWhileKafkaIsDown() {
    TestApi.Org org = TestApi.signup();
    // The sign-up's own event is shipped first, so the producer knows the cluster.
    try (AuditTopicReader topic = AuditTopicReader.open()) {
      topic.await(r -> of(r, org, MemberAdded.class, m -> true), DEADLINE);
    }
    double failuresBefore = metric("aviary_audit_outbox_failures_total");
    double publishedBefore = metric("aviary_audit_outbox_published_total");
    kafka.stop();
    try {
      String id =
          TestApi.as(org.token())
              .body(Map.of("name", "during the outage"))
              .post("/api/v1/orgs/" + org.orgId() + "/api-keys")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      // A round fails (nothing acknowledges it) and the row stays.
      await()
          .atMost(DEADLINE)
          .until(() -> metric("aviary_audit_outbox_failures_total") > failuresBefore);
      assertThat(Sql.outboxRows(org.orgId())).isEqualTo(1);
      await().atMost(DEADLINE).until(() -> metric("aviary_audit_outbox_pending") >= 1);

      kafka.restart();
      await().atMost(Duration.ofSeconds(60)).until(() -> Sql.outboxRows(org.orgId()) == 0);
      try (AuditTopicReader topic = AuditTopicReader.open()) {
        topic.await(r -> of(r, org, ApiKeyCreated.class, k -> k.apiKeyId().equals(id)), DEADLINE);
      }
      // Counted just after the commit that deleted the row.
      await()
          .atMost(DEADLINE)
          .until(() -> metric("aviary_audit_outbox_published_total") > publishedBefore);
    } finally {
      if (!kafka.isRunning()) {
        kafka.restart();
      }
    }
  }

  private static ApiKeyCreated keyCreated(UUID id, TestApi.Org org, String keyId) {
    return new ApiKeyCreated(id, org.orgId(), "test", Instant.now(), "platform", keyId);
  }

  /** Whether {@code r} is an event of {@code org} of {@code type} that {@code test} accepts. */
  private static <T extends AuditRecord> boolean of(
      AuditTopicReader.Received r, TestApi.Org org, Class<T> type, Predicate<T> test) {
    return org.orgId().equals(r.record().orgId())
        && type.isInstance(r.record())
        && test.test(type.cast(r.record()));
  }
}
