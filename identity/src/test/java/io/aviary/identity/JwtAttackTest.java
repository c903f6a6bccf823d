package io.aviary.identity;

import static io.aviary.identity.VerifierFixture.assertRefused;
import static io.aviary.identity.VerifierFixture.assertVerified;
import static org.assertj.core.api.Assertions.assertThat;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Refused;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWT attack suite: every forged or broken token is refused with the right reason. */
class JwtAttackTest {
  private final VerifierFixture f = new VerifierFixture();
  private final IdpConnection connection = VerifierFixture.connection().build();

  @BeforeEach
  void idpServesTwoKeys() {
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A, TestKeys.RSA_B));
  }

  private Verification verify(String token) {
    return f.verify(token, connection);
  }

  @Test
  void aGoodTokenPassesAndCachedKeysMeanNoFurtherFetchAndASynchronousResult() {
    assertVerified(verify(f.token().sign(TestKeys.RSA_A, "RS256")));
    CompletableFuture<Verification> second =
        f.verifier.verify(f.token().sign(TestKeys.RSA_B, "RS256"), connection);
    assertThat(second).isDone();
    assertVerified(second.join());
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(1);
  }

  @ParameterizedTest // VR-03
  @ValueSource(strings = {"none", "None", "NONE", "nOnE", " none"})
  void algNoneInAnySpellingIsRefused(String alg) {
    Jwt jwt = f.token().header("kid", "rsa-a");
    assertRefused(verify(jwt.unsigned(alg, "")), AuthFailure.BAD_SIGNATURE, null);
    assertRefused(verify(jwt.unsigned(alg, "c2lnbmF0dXJl")), AuthFailure.BAD_SIGNATURE, null);
    IdpConnection listsNone = connection.toBuilder().algorithms("RS256", alg).build();
    assertRefused(f.verify(jwt.unsigned(alg, ""), listsNone), AuthFailure.BAD_SIGNATURE, null);
  }

  @Test // VR-04: the classic RS256 -> HS256 key confusion
  void hs256SignedWithTheRsaPublicKeyIsRefused() {
    byte[] publicKeyBytes =
        TestKeys.RSA_A
            .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
            .getBytes(StandardCharsets.UTF_8);
    byte[] pem =
        ("-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder()
                    .encodeToString(TestKeys.RSA_A.getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (byte[] secret : List.of(pem, publicKeyBytes, TestKeys.RSA_A.getPublicKey().getEncoded())) {
      String token = f.token().header("kid", "rsa-a").hs256(secret);
      assertRefused(verify(token), AuthFailure.BAD_SIGNATURE, token);
      IdpConnection allowsHsWithoutSecret =
          connection.toBuilder().algorithms("RS256", "HS256").build();
      assertRefused(f.verify(token, allowsHsWithoutSecret), AuthFailure.UNKNOWN_KEY, token);
      IdpConnection allowsHsWithItsOwnSecret =
          connection.toBuilder()
              .algorithms("RS256", "HS256")
              .hmacSecret("an-entirely-different-32-byte-secret!!".getBytes(StandardCharsets.UTF_8))
              .build();
      assertRefused(f.verify(token, allowsHsWithItsOwnSecret), AuthFailure.BAD_SIGNATURE, token);
    }
  }

  @Test // VR-03
  void algorithmsOutsideTheAllowListAreRefusedCaseSensitively() {
    String rs384 = f.token().sign(TestKeys.RSA_A, "RS384");
    assertRefused(verify(rs384), AuthFailure.BAD_SIGNATURE, rs384);
    String lowerCase =
        f.token()
            .sign(TestKeys.RSA_A, "RS256")
            .replaceFirst("^[^.]+", Jwt.b64("{\"alg\":\"rs256\",\"kid\":\"rsa-a\"}"));
    assertRefused(verify(lowerCase), AuthFailure.BAD_SIGNATURE, lowerCase);
    String missingAlg =
        Jwt.raw("{\"kid\":\"rsa-a\"}", "{\"iss\":\"" + VerifierFixture.ISSUER + "\"}");
    assertRefused(verify(missingAlg), AuthFailure.MALFORMED, missingAlg);
  }

  @Test // VR-04
  void keyTypeAndDeclaredAlgorithmMustFitTheHeader() {
    IdpConnection rsaAndEc = connection.toBuilder().algorithms("RS256", "ES256").build();
    String ecUnderRsaKid =
        f.token().header("kid", "rsa-a").sign(TestKeys.EC_A.getPrivateKey(), "ES256");
    assertRefused(f.verify(ecUnderRsaKid, rsaAndEc), AuthFailure.BAD_SIGNATURE, ecUnderRsaKid);

    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A, TestKeys.EC_P384));
    f.cache.invalidate(connection.id());
    String es256OnP384 =
        f.token().header("kid", "ec-384").sign(TestKeys.EC_P384.getPrivateKey(), "ES256");
    assertRefused(f.verify(es256OnP384, rsaAndEc), AuthFailure.BAD_SIGNATURE, es256OnP384);

    RsaJsonWebKey declaredRs512 = TestKeys.rsa("rs512-only", 2048);
    declaredRs512.setAlgorithm("RS512");
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A, declaredRs512));
    f.cache.invalidate(connection.id());
    String rs256 = f.token().sign(declaredRs512, "RS256");
    Refused refused = assertRefused(verify(rs256), AuthFailure.BAD_SIGNATURE, rs256);
    assertThat(refused.detail()).contains("RS512");
  }

  @Test // VR-04
  void rsaKeysUnder2048BitsAreNeverUsed() {
    RsaJsonWebKey weak = TestKeys.rsa("weak", 1024);
    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A, weak));
    String token = f.token().sign(weak, "RS256");
    assertRefused(verify(token), AuthFailure.UNKNOWN_KEY, token);
  }

  @Test // VR-32
  void unknownKidIsRefusedAfterOneRefetchAndAFloodCostsOneFetchPerCooldown() {
    assertVerified(verify(f.token().sign(TestKeys.RSA_A, "RS256")));
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(1);
    for (int i = 0; i < 1000; i++) {
      String token =
          f.token()
              .header("kid", UUID.randomUUID().toString())
              .sign(TestKeys.ATTACKER.getPrivateKey(), "RS256");
      assertRefused(verify(token), AuthFailure.UNKNOWN_KEY, token);
    }
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(2);

    f.clock.advance(Duration.ofSeconds(31));
    for (int i = 0; i < 1000; i++) {
      String token =
          f.token().header("kid", "random-" + i).sign(TestKeys.ATTACKER.getPrivateKey(), "RS256");
      assertRefused(verify(token), AuthFailure.UNKNOWN_KEY, token);
    }
    assertThat(f.idp.count(VerifierFixture.JWKS)).isEqualTo(3);
  }

  @Test // VR-05
  void kidIsAnOpaqueLengthCappedLookupKey() {
    String traversal =
        f.token()
            .header("kid", "../../etc/passwd")
            .sign(TestKeys.ATTACKER.getPrivateKey(), "RS256");
    assertRefused(verify(traversal), AuthFailure.UNKNOWN_KEY, traversal);
    assertThat(f.idp.requests()).allMatch(uri -> uri.toString().equals(VerifierFixture.JWKS));

    String longKid =
        f.token().header("kid", "k".repeat(300)).sign(TestKeys.ATTACKER.getPrivateKey(), "RS256");
    assertRefused(verify(longKid), AuthFailure.MALFORMED, longKid);
    String numericKid = f.token().header("kid", 7).sign(TestKeys.RSA_A.getPrivateKey(), "RS256");
    assertRefused(verify(numericKid), AuthFailure.MALFORMED, numericKid);
  }

  @Test // VR-05
  void aTokenWithoutKidNeedsASingleKeySet() {
    String noKid = f.token().sign(TestKeys.RSA_A.getPrivateKey(), "RS256");
    assertRefused(verify(noKid), AuthFailure.UNKNOWN_KEY, noKid);

    f.idp.serve(VerifierFixture.JWKS, TestKeys.jwks(TestKeys.RSA_A));
    f.cache.invalidate(connection.id());
    assertVerified(verify(noKid));
  }

  @Test // VR-06
  void keysNamedByTheTokenAreNeverFetchedOrUsed() {
    String jku =
        f.token()
            .header("jku", "https://evil.example/jwks.json")
            .header("x5u", "https://evil.example/cert.pem")
            .sign(TestKeys.ATTACKER, "RS256");
    assertRefused(verify(jku), AuthFailure.UNKNOWN_KEY, jku);

    Map<String, Object> embedded =
        TestKeys.ATTACKER.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    embedded.put("kid", "rsa-a");
    String jwk =
        f.token()
            .header("kid", "rsa-a")
            .header("jwk", embedded)
            .sign(TestKeys.ATTACKER.getPrivateKey(), "RS256");
    assertRefused(verify(jwk), AuthFailure.BAD_SIGNATURE, jwk);

    String x5c =
        f.token()
            .header("kid", "rsa-a")
            .header("x5c", List.of("MIIBszCCAVmgAwIBAgIUQ0FGRQ=="))
            .sign(TestKeys.ATTACKER.getPrivateKey(), "RS256");
    assertRefused(verify(x5c), AuthFailure.BAD_SIGNATURE, x5c);

    assertThat(f.idp.requestedHost("evil.example")).isFalse();
    assertThat(f.idp.requests()).allMatch(uri -> uri.toString().equals(VerifierFixture.JWKS));
  }

  @Test // VR-07
  void critWithUnknownExtensionsIsRefused() {
    String crit =
        f.token().header("crit", List.of("exp2")).header("exp2", 1).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(crit), AuthFailure.MALFORMED, crit);
    String b64 =
        f.token().header("crit", List.of("b64")).header("b64", true).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(b64), AuthFailure.MALFORMED, b64);
  }

  @Test // VR-14, VR-15
  void timeClaimsAreCheckedWithSkew() {
    long now = f.clock.instant().getEpochSecond();
    String expired = f.token().claim("exp", now - 120).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(expired), AuthFailure.EXPIRED, expired);
    assertVerified(verify(f.token().claim("exp", now - 30).sign(TestKeys.RSA_A, "RS256")));

    String early = f.token().claim("nbf", now + 120).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(early), AuthFailure.NOT_YET_VALID, early);
    assertVerified(verify(f.token().claim("nbf", now + 30).sign(TestKeys.RSA_A, "RS256")));

    String future = f.token().claim("iat", now + 600).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(future), AuthFailure.NOT_YET_VALID, future);

    IdpConnection strict = connection.toBuilder().clockSkew(Duration.ZERO).build();
    String justExpired = f.token().claim("exp", now - 1).sign(TestKeys.RSA_A, "RS256");
    assertRefused(f.verify(justExpired, strict), AuthFailure.EXPIRED, justExpired);
  }

  @Test // VR-14, VR-16
  void expIsRequiredAndNumericDatesMustBeJsonNumbers() {
    long now = f.clock.instant().getEpochSecond();
    String missing = f.token().without("exp").sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(missing), AuthFailure.MALFORMED, missing);
    String asString =
        f.token().claim("exp", String.valueOf(now + 3600)).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(asString), AuthFailure.MALFORMED, asString);
    String nbfString = f.token().claim("nbf", String.valueOf(now)).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(nbfString), AuthFailure.MALFORMED, nbfString);
    String boolExp = f.token().claim("exp", true).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(boolExp), AuthFailure.MALFORMED, boolExp);
    String huge =
        signRawPayload(
            "{\"iss\":\""
                + VerifierFixture.ISSUER
                + "\",\"sub\":\"u\",\"aud\":\"broker\",\"exp\":1e400}");
    assertRefused(verify(huge), AuthFailure.MALFORMED, huge);
    assertVerified(verify(f.token().claim("exp", now + 60.5).sign(TestKeys.RSA_A, "RS256")));
  }

  @Test // VR-10
  void issuerMustMatchExactly() {
    for (String iss :
        List.of(
            VerifierFixture.ISSUER + "/",
            "https://IDP.example.com",
            "http://idp.example.com",
            "https://idp.example.com.evil.example")) {
      String token = f.token().claim("iss", iss).sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(token), AuthFailure.UNKNOWN_ISSUER, token);
    }
    IdpConnection auth0Style = connection.toBuilder().issuers("https://acme.auth0.com/").build();
    String withoutSlash =
        Jwt.token("https://acme.auth0.com", "broker", f.clock.instant())
            .sign(TestKeys.RSA_A, "RS256");
    assertRefused(f.verify(withoutSlash, auth0Style), AuthFailure.UNKNOWN_ISSUER, withoutSlash);
    String missing = f.token().without("iss").sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(missing), AuthFailure.MALFORMED, missing);
    assertThat(f.idp.requests()).isEmpty();
  }

  @Test // VR-12
  void audienceMayBeAStringOrArrayButNeverEmpty() {
    assertVerified(
        verify(f.token().claim("aud", List.of("x", "broker")).sign(TestKeys.RSA_A, "RS256")));
    for (Object aud : List.of("other", List.of(), "", List.of("x", "y"), List.of(""))) {
      String token = f.token().claim("aud", aud).sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(token), AuthFailure.WRONG_AUDIENCE, token);
    }
    String absent = f.token().without("aud").sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(absent), AuthFailure.WRONG_AUDIENCE, absent);
    IdpConnection noAudienceBound = connection.toBuilder().audiences().build();
    String empty = f.token().claim("aud", List.of()).sign(TestKeys.RSA_A, "RS256");
    assertRefused(f.verify(empty, noAudienceBound), AuthFailure.WRONG_AUDIENCE, empty);
  }

  @Test // VR-13
  void authorizedPartiesAreAnAllowList() {
    IdpConnection pinned = connection.toBuilder().authorizedParties("https://app.acme.com").build();
    assertVerified(
        f.verify(
            f.token().claim("azp", "https://app.acme.com").sign(TestKeys.RSA_A, "RS256"), pinned));
    String foreign = f.token().claim("azp", "https://evil.example").sign(TestKeys.RSA_A, "RS256");
    assertRefused(f.verify(foreign, pinned), AuthFailure.WRONG_AUDIENCE, foreign);
    String none = f.token().sign(TestKeys.RSA_A, "RS256");
    assertRefused(f.verify(none, pinned), AuthFailure.WRONG_AUDIENCE, none);
  }

  @Test // VR-17
  void subIsARequiredBoundedString() {
    for (Object sub : new Object[] {null, "", 123, "s".repeat(257)}) {
      String token = f.token().claim("sub", sub).sign(TestKeys.RSA_A, "RS256");
      assertRefused(verify(token), AuthFailure.MALFORMED, token);
    }
    assertVerified(verify(f.token().claim("sub", "s".repeat(256)).sign(TestKeys.RSA_A, "RS256")));
  }

  @Test // VR-08
  void typPolicyIsPerConnection() {
    IdpConnection rfc9068 = connection.toBuilder().acceptedTypes("at+jwt").build();
    String plain = f.token().header("typ", "JWT").sign(TestKeys.RSA_A, "RS256");
    assertRefused(f.verify(plain, rfc9068), AuthFailure.WRONG_AUDIENCE, plain);
    String noTyp = f.token().sign(TestKeys.RSA_A, "RS256");
    assertRefused(f.verify(noTyp, rfc9068), AuthFailure.WRONG_AUDIENCE, noTyp);
    assertVerified(
        f.verify(
            f.token().header("typ", "application/at+jwt").sign(TestKeys.RSA_A, "RS256"), rfc9068));
    assertVerified(verify(plain));
    String logout = f.token().header("typ", "logout+jwt").sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(logout), AuthFailure.WRONG_AUDIENCE, logout);
  }

  @Test // VR-11, VR-50
  void aTokenFromAnotherOrganizationsIdpIsWrongOrg() {
    IdpConnection orgBConnection =
        IdpConnection.builder("idp_b", "org_b")
            .issuers("https://idp-b.example.com")
            .audiences("broker")
            .algorithms("RS256")
            .jwksUrl(java.net.URI.create("https://idp-b.example.com/jwks"))
            .build();
    String orgAToken = f.token().sign(TestKeys.RSA_A, "RS256");

    assertRefused(
        f.verifier.verify(orgAToken, List.of(orgBConnection)).join(),
        AuthFailure.UNKNOWN_ISSUER,
        orgAToken);
    TokenVerifier withDirectory =
        new TokenVerifier(
            f.cache,
            f.clock,
            TokenVerifier.DEFAULT_MAX_TOKEN_BYTES,
            IssuerDirectory.of(List.of(connection, orgBConnection)));
    assertRefused(
        withDirectory.verify(orgAToken, List.of(orgBConnection)).join(),
        AuthFailure.WRONG_ORG,
        orgAToken);
    assertVerified(withDirectory.verify(orgAToken, List.of(connection)).join());
    assertThat(f.idp.requestedHost("idp-b.example.com")).isFalse();
  }

  @Test // VR-02
  void oversizedTokensAreRefusedBeforeParsing() {
    String big = f.token().claim("pad", "x".repeat(9000)).sign(TestKeys.RSA_A, "RS256");
    assertRefused(verify(big), AuthFailure.MALFORMED, big);
    String huge = "a".repeat(70_000);
    assertRefused(verify(huge), AuthFailure.MALFORMED, huge);
    assertThat(f.idp.requests()).isEmpty();

    TokenVerifier tight = new TokenVerifier(f.cache, f.clock, 512, IssuerDirectory.none());
    String normal = f.token().sign(TestKeys.RSA_A, "RS256");
    assertThat(normal.length()).isGreaterThan(512);
    assertRefused(tight.verify(normal, connection).join(), AuthFailure.MALFORMED, normal);
  }

  @ParameterizedTest // VR-01
  @ValueSource(
      strings = {
        "",
        "garbage",
        "a.b",
        "a.b.c.d",
        "a.b.c.d.e",
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0",
        "eyJhbGciOiJSUzI1NiJ9 .eyJzdWIiOiJ4In0.c2ln",
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0=.c2ln",
        "\"eyJhbGciOiJSUzI1NiJ9\".eyJzdWIiOiJ4In0.c2ln",
        "{\"payload\":\"eyJzdWIiOiJ4In0\",\"signatures\":[{\"protected\":\"eyJhbGciOiJSUzI1NiJ9\",\"signature\":\"c2ln\"}]}",
        "!!!.???.***",
        ".eyJzdWIiOiJ4In0.c2ln"
      })
  void structurallyBrokenTokensAreMalformed(String token) {
    assertRefused(verify(token), AuthFailure.MALFORMED, null);
    assertThat(f.idp.requests()).isEmpty();
  }

  @Test // VR-01
  void headerAndPayloadMustBeJsonObjects() {
    for (String[] parts :
        new String[][] {
          {"not json", "{}"},
          {"[1]", "{}"},
          {"{\"alg\":\"RS256\"}", "[1,2]"},
          {"{\"alg\":\"RS256\"}", "null"},
          {"{\"alg\":\"RS256\",\"alg\":\"none\"}", "{}"}
        }) {
      assertRefused(verify(Jwt.raw(parts[0], parts[1])), AuthFailure.MALFORMED, null);
    }
    assertThat(verify(null)).isInstanceOf(Refused.class);
  }

  @Test
  void aConnectionWithAShortHmacSecretVerifiesNothing() {
    byte[] shortSecret = "8 bytes!".getBytes(StandardCharsets.UTF_8);
    IdpConnection weak =
        connection.toBuilder().algorithms("HS256").jwksUrl(null).hmacSecret(shortSecret).build();
    assertThat(weak.validate()).anyMatch(p -> p.contains("at least 32 bytes"));
    String token =
        f.token().hs256("a-32-byte-secret-for-the-attacker!!".getBytes(StandardCharsets.UTF_8));
    assertRefused(f.verify(token, weak), AuthFailure.UNKNOWN_KEY, token);
  }

  @Test
  void aDisabledConnectionVerifiesNothing() {
    IdpConnection disabled = connection.toBuilder().enabled(false).build();
    String token = f.token().sign(TestKeys.RSA_A, "RS256");
    assertRefused(f.verify(token, disabled), AuthFailure.UNKNOWN_ISSUER, token);
    assertRefused(
        f.verifier.verify(token, List.of(disabled)).join(), AuthFailure.UNKNOWN_ISSUER, token);
  }

  @Test
  void refusalDetailsNeverCarryTheSecret() {
    byte[] secret = "the-connection-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    IdpConnection hs =
        connection.toBuilder().algorithms("HS256").jwksUrl(null).hmacSecret(secret).build();
    for (String token :
        Set.of(
            f.token()
                .hs256("wrong-secret-wrong-secret-wrong-secret".getBytes(StandardCharsets.UTF_8)),
            f.token().claim("exp", 1).hs256(secret),
            f.token().claim("aud", "x").hs256(secret))) {
      Verification v = f.verify(token, hs);
      assertThat(v).isInstanceOf(Refused.class);
      assertThat(((Refused) v).detail())
          .doesNotContain(new String(secret, StandardCharsets.UTF_8))
          .doesNotContain(token);
    }
    assertThat(hs.toString()).doesNotContain("the-connection-secret");
  }

  private static String signRawPayload(String payload) {
    try {
      org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
      jws.setPayload(payload);
      jws.setAlgorithmHeaderValue("RS256");
      jws.setKeyIdHeaderValue("rsa-a");
      jws.setKey(TestKeys.RSA_A.getPrivateKey());
      return jws.getCompactSerialization();
    } catch (org.jose4j.lang.JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
