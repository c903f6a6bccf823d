package io.aviary.benchmarks;

import io.aviary.identity.Fetcher;
import io.aviary.identity.IdpConnection;
import io.aviary.identity.KeySetCache;
import io.aviary.identity.TokenVerifier;
import io.aviary.identity.Verification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JWT verification on the CONNECT path with the IdP's keys cached: what a broker pays per client
 * once an organization's key set has been fetched. The JWK Set is served from memory through the
 * {@link Fetcher} port and fetched once in the setup, so no iteration does I/O.
 *
 * <p>{@code verify} is {@code TokenVerifier.verify(token, connection)}; {@code verifyOrg} picks the
 * connection from the organization's two (RS256 and ES256, distinct issuers) as the broker does;
 * {@code signatureOnly} is the JDK signature check alone on the same bytes, the floor under both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenVerifyBenchmark {
  static final String ORG = "org_benchbenchbe";
  static final String AUDIENCE = "aviary-bench";

  @Param({"RS256", "ES256"})
  String alg;

  TokenVerifier verifier;
  IdpConnection connection;
  List<IdpConnection> orgConnections;
  String token;

  String jdkAlgorithm;
  PublicKey publicKey;
  byte[] signingInput;
  byte[] signature;

  @Setup(Level.Trial)
  public void setUp() throws JoseException, GeneralSecurityException {
    PublicJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
    PublicJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    IdpConnection rsaConnection = connection("idp_rs256", "RS256", rsa);
    IdpConnection ecConnection = connection("idp_es256", "ES256", ec);
    Map<URI, byte[]> documents =
        Map.of(rsaConnection.jwksUrl(), jwks(rsa), ecConnection.jwksUrl(), jwks(ec));
    Fetcher inMemory =
        uri ->
            documents.containsKey(uri)
                ? CompletableFuture.completedFuture(
                    new Fetcher.Response(200, documents.get(uri), "max-age=86400"))
                : CompletableFuture.completedFuture(new Fetcher.Response(404, new byte[0], null));
    KeySetCache cache = KeySetCache.builder().fetcher(inMemory).build();
    verifier = new TokenVerifier(cache);
    orgConnections = List.of(rsaConnection, ecConnection);

    boolean rs256 = alg.equals("RS256");
    connection = rs256 ? rsaConnection : ecConnection;
    PublicJsonWebKey key = rs256 ? rsa : ec;
    token = token(connection, key, rs256 ? AlgorithmIdentifiers.RSA_USING_SHA256 : alg);

    // Warm the cache (the one fetch) and check that the benchmark measures a success.
    for (IdpConnection c : orgConnections) {
      cache.keys(c).join();
    }
    check(verifier.verify(token, connection).join());
    check(verifier.verify(token, orgConnections).join());
    if (cache.fetchCount() != 2) {
      throw new IllegalStateException("expected one fetch per connection: " + cache.fetchCount());
    }

    jdkAlgorithm = rs256 ? "SHA256withRSA" : "SHA256withECDSAinP1363Format";
    publicKey = key.getPublicKey();
    int lastDot = token.lastIndexOf('.');
    signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    if (!signatureOnly()) {
      throw new IllegalStateException("the JDK does not verify the token's signature");
    }
  }

  @Benchmark
  public Verification verify() {
    return verifier.verify(token, connection).join();
  }

  @Benchmark
  public Verification verifyOrg() {
    return verifier.verify(token, orgConnections).join();
  }

  @Benchmark
  public boolean signatureOnly() throws GeneralSecurityException {
    Signature jdk = Signature.getInstance(jdkAlgorithm);
    jdk.initVerify(publicKey);
    jdk.update(signingInput);
    return jdk.verify(signature);
  }

  private static byte[] jwks(PublicJsonWebKey key) {
    return new JsonWebKeySet(key)
        .toJson(OutputControlLevel.PUBLIC_ONLY)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static IdpConnection connection(String id, String alg, PublicJsonWebKey key) {
    key.setKeyId(id + "-key-1");
    key.setUse("sig");
    key.setAlgorithm(alg);
    String host = alg.toLowerCase(Locale.ROOT) + ".idp.bench.test";
    return IdpConnection.builder(id, ORG)
        .preset("generic_oidc")
        .issuers("https://" + host + "/")
        .audiences(AUDIENCE)
        .algorithms(alg)
        .jwksUrl(URI.create("https://" + host + "/jwks.json"))
        .claimMapping("user_id", "sub")
        .claimMapping("email", "email")
        .claimMapping("role", "roles")
        .acceptedTypes("JWT", "")
        .build();
  }

  /** A token like an IdP's access token, valid for a day. */
  private static String token(IdpConnection connection, PublicJsonWebKey key, String alg)
      throws JoseException {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(connection.issuers().get(0));
    claims.setAudience(AUDIENCE);
    claims.setSubject("device-0042");
    claims.setClaim("email", "device-0042@example.com");
    claims.setStringListClaim("roles", "device", "telemetry-writer");
    Instant now = Instant.now();
    claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    claims.setExpirationTime(
        NumericDate.fromSeconds(now.plus(Duration.ofDays(1)).getEpochSecond()));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(alg);
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setHeader("typ", "JWT");
    jws.setKey(key.getPrivateKey());
    return jws.getCompactSerialization();
  }

  private static void check(Verification verification) {
    if (!(verification instanceof Verification.Verified)) {
      throw new IllegalStateException("the benchmark token is refused: " + verification);
    }
  }
}
