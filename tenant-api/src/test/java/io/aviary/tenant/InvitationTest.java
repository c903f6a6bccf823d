package io.aviary.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.aviary.service.testing.PostgresResource;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class InvitationTest {

  private static final String NEW_PASSWORD = "a long enough password";

  @Inject MockMailbox mailbox;

  private static String invitations(TestApi.Org org) {
    return "/api/v1/orgs/" + org.orgId() + "/invitations";
  }

  private static Response invite(TestApi.Org org, String email, String role) {
    return TestApi.as(org.token())
        .body(Map.of("email", email, "role", role))
        .post(invitations(org))
        .then()
        .statusCode(201)
        .extract()
        .response();
  }

  private static String tokenOf(Response invitation) {
    String url = invitation.path("accept_url");
    return url.substring(url.indexOf('#') + 1);
  }

  private static RequestSpecification anonymous() {
    return given().contentType(ContentType.JSON);
  }

  @Test
  void anInvitedAddressGetsTheLinkByEmailAndJoinsWithItsRoleOnce() {
    TestApi.Org org = TestApi.signup();
    String email = "Invitee-" + UUID.randomUUID() + "@Example.com";
    Response created = invite(org, email, "admin");
    String lower = email.toLowerCase(Locale.ROOT);
    assertThat((String) created.path("email")).isEqualTo(lower);
    assertThat((String) created.path("role")).isEqualTo("admin");
    assertThat((Boolean) created.path("emailed")).isTrue();
    String url = created.path("accept_url");
    assertThat(url).matches("http://localhost:8080/invite#[a-z2-7]{40}");

    List<Mail> sent = mailbox.getMailsSentTo(lower);
    assertThat(sent).singleElement().satisfies(m -> assertThat(m.getText()).contains(url));
    assertThat(sent.get(0).getSubject()).isEqualTo("You are invited to Acme on Aviary");

    // The list never shows the link.
    TestApi.as(org.token())
        .get(invitations(org))
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].email", equalTo(lower))
        .body("[0].expired", equalTo(false))
        .body("[0].created_by", equalTo("user:" + org.email().toLowerCase(Locale.ROOT)))
        .body("[0].accept_url", nullValue());

    String token = tokenOf(created);
    anonymous()
        .body(Map.of("token", token))
        .post("/api/v1/invitations/lookup")
        .then()
        .statusCode(200)
        .body("organization_name", equalTo("Acme"))
        .body("email", equalTo(lower))
        .body("role", equalTo("admin"));

    String access =
        anonymous()
            .body(Map.of("token", token, "password", NEW_PASSWORD))
            .post("/api/v1/invitations/accept")
            .then()
            .statusCode(201)
            .body("org_id", equalTo(org.orgId()))
            .extract()
            .path("access_token");
    // An admin of the same organization: it may invite in turn.
    TestApi.as(access)
        .body(Map.of("email", "next-" + UUID.randomUUID() + "@example.com"))
        .post(invitations(org))
        .then()
        .statusCode(201);
    anonymous()
        .body(Map.of("email", lower, "password", NEW_PASSWORD))
        .post("/api/v1/auth/token")
        .then()
        .statusCode(200);
    assertThat(Sql.number("select count(*) from console_user where email = ?", lower)).isEqualTo(1);

    // The link worked once.
    anonymous()
        .body(Map.of("token", token, "password", NEW_PASSWORD))
        .post("/api/v1/invitations/accept")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:aviary:problem:invitation_invalid"));
  }

  @Test
  void invitingAgainReplacesTheLinkAndRevokingOrExpiryEndsIt() {
    TestApi.Org org = TestApi.signup();
    String email = "again-" + UUID.randomUUID() + "@example.com";
    String first = tokenOf(invite(org, email, "member"));
    Response second = invite(org, email, "member");
    lookup(first).then().statusCode(404);
    lookup(tokenOf(second)).then().statusCode(200).body("role", equalTo("member"));

    TestApi.as(org.token())
        .delete(invitations(org) + "/" + second.path("id"))
        .then()
        .statusCode(204);
    lookup(tokenOf(second)).then().statusCode(404);
    TestApi.as(org.token()).get(invitations(org)).then().body("$", hasSize(0));

    Response third = invite(org, email, "member");
    Sql.number(
        "update invitation set expires_at = now() - interval '1 second' where id = ? returning 1",
        (String) third.path("id"));
    lookup(tokenOf(third)).then().statusCode(404);
    anonymous()
        .body(Map.of("token", tokenOf(third), "password", NEW_PASSWORD))
        .post("/api/v1/invitations/accept")
        .then()
        .statusCode(404);
    TestApi.as(org.token()).get(invitations(org)).then().body("[0].expired", equalTo(true));
  }

  private static Response lookup(String token) {
    return anonymous().body(Map.of("token", token)).post("/api/v1/invitations/lookup");
  }

  @Test
  void badInputIsRefusedWithPointersAndOnlyAdminsOfTheOrganizationInvite() {
    TestApi.Org org = TestApi.signup();
    TestApi.Org other = TestApi.signup();
    TestApi.as(org.token())
        .body(Map.of("email", "not an email", "role", "owner"))
        .post(invitations(org))
        .then()
        .statusCode(400)
        .body("errors.pointer", hasItems("/email", "/role"));
    // An address with an account cannot be invited.
    TestApi.as(org.token())
        .body(Map.of("email", other.email()))
        .post(invitations(org))
        .then()
        .statusCode(409)
        .body("type", equalTo("urn:aviary:problem:email_taken"));
    TestApi.as(other.token()).get(invitations(org)).then().statusCode(403);
    TestApi.as(other.token())
        .body(Map.of("email", "x-" + UUID.randomUUID() + "@example.com"))
        .post(invitations(org))
        .then()
        .statusCode(403);

    Response member = invite(org, "member-" + UUID.randomUUID() + "@example.com", "member");
    String memberToken =
        anonymous()
            .body(Map.of("token", tokenOf(member), "password", NEW_PASSWORD))
            .post("/api/v1/invitations/accept")
            .then()
            .statusCode(201)
            .extract()
            .path("access_token");
    TestApi.as(memberToken).get(invitations(org)).then().statusCode(200);
    TestApi.as(memberToken)
        .body(Map.of("email", "y-" + UUID.randomUUID() + "@example.com"))
        .post(invitations(org))
        .then()
        .statusCode(403);

    Response open = invite(org, "short-" + UUID.randomUUID() + "@example.com", "member");
    anonymous()
        .body(Map.of("token", tokenOf(open), "password", "short"))
        .post("/api/v1/invitations/accept")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/password"));
    anonymous()
        .body(Map.of("password", NEW_PASSWORD))
        .post("/api/v1/invitations/accept")
        .then()
        .statusCode(400)
        .body("errors[0].pointer", equalTo("/token"));
    lookup("not-a-token").then().statusCode(404);
  }
}
