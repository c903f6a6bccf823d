package io.aviary.identity;

import io.aviary.broker.auth.AuthFailure;
import io.aviary.identity.Verification.Refused;
import io.aviary.identity.Verification.Verified;
import java.security.Key;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactory;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Verifies a JWT against one IdP connection, or picks the connection from an organization's list by
 * the token's (unverified) {@code iss}, then {@code aud}, and verifies with that connection's keys
 * only (VR-11, VR-50). Implements the checks of idp-profiles.md §13.1-13.3; see the module README
 * for the list and the failure reason each one gives.
 *
 * <p>Expected failures are {@link Refused} values, never exceptions, and their detail never holds
 * the token or a secret. With the keys cached, the returned future is already complete and all work
 * ran on the calling thread; when keys must be fetched, verification finishes on the thread that
 * completes the fetch.
 */
public final class TokenVerifier {
  /** Default cap on the token's length, checked before anything is decoded (VR-02). */
  public static final int DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;

  /** Longest {@code kid} looked up (VR-05). */
  public static final int MAX_KID_CHARS = 256;

  /** The JCA providers jose4j uses: the JDK's defaults. */
  private static final ProviderContext PROVIDERS = new ProviderContext();

  /** jose4j's JWS algorithms, looked up once. */
  private static final AlgorithmFactory<JsonWebSignatureAlgorithm> JWS_ALGORITHMS =
      AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory();

  private final KeySetCache keys;
  private final Clock clock;
  private final int maxTokenBytes;
  private final IssuerDirectory directory;

  /** A verifier with the system clock, the default size cap and no issuer directory. */
  public TokenVerifier(KeySetCache keys) {
    this(keys, Clock.systemUTC(), DEFAULT_MAX_TOKEN_BYTES, IssuerDirectory.none());
  }

  public TokenVerifier(
      KeySetCache keys, Clock clock, int maxTokenBytes, IssuerDirectory directory) {
    this.keys = keys;
    this.clock = clock;
    this.maxTokenBytes = maxTokenBytes;
    this.directory = directory;
  }

  /**
   * The token's {@code iss}, read without verifying anything, for choosing which verifier checks it
   * (that verifier checks it again); empty when the token does not parse.
   */
  public static Optional<String> unverifiedIssuer(String token) {
    try {
      return Optional.ofNullable(CompactToken.parse(token, DEFAULT_MAX_TOKEN_BYTES).issuer());
    } catch (TokenFormatException e) {
      return Optional.empty();
    }
  }

  /** Parses {@code token}, which must name its issuer. */
  private CompactToken parseIssued(String token) throws TokenFormatException {
    CompactToken parsed = CompactToken.parse(token, maxTokenBytes);
    if (parsed.issuer() == null) {
      throw new TokenFormatException("the token has no iss string");
    }
    return parsed;
  }

  /** Verifies {@code token} as issued through {@code connection}. */
  public CompletableFuture<Verification> verify(String token, IdpConnection connection) {
    CompactToken parsed;
    try {
      parsed = parseIssued(token);
    } catch (TokenFormatException e) {
      return done(new Refused(AuthFailure.MALFORMED, e.getMessage()));
    }
    String issuer = parsed.issuer();
    if (!connection.enabled()) {
      return done(
          new Refused(
              AuthFailure.UNKNOWN_ISSUER, "connection " + connection.id() + " is disabled"));
    }
    if (!connection.issuers().contains(issuer)) {
      return done(
          new Refused(
              AuthFailure.UNKNOWN_ISSUER,
              "iss "
                  + Details.quote(issuer)
                  + " is not an issuer of connection "
                  + connection.id()
                  + " (issuers must match exactly)"));
    }
    return verifyWith(parsed, connection);
  }

  /**
   * Verifies {@code token} with the one connection of {@code orgConnections} it belongs to: the
   * enabled connection listing its {@code iss}, and when several do, the one whose audiences
   * contain its {@code aud} (else one that binds no audience).
   */
  public CompletableFuture<Verification> verify(String token, List<IdpConnection> orgConnections) {
    CompactToken parsed;
    try {
      parsed = parseIssued(token);
    } catch (TokenFormatException e) {
      return done(new Refused(AuthFailure.MALFORMED, e.getMessage()));
    }
    String issuer = parsed.issuer();
    List<IdpConnection> candidates = new ArrayList<>(1);
    for (IdpConnection connection : orgConnections) {
      if (connection.enabled() && connection.issuers().contains(issuer)) {
        candidates.add(connection);
      }
    }
    if (candidates.isEmpty()) {
      Set<String> owners = new HashSet<>(directory.organizationsFor(issuer));
      for (IdpConnection connection : orgConnections) {
        owners.remove(connection.orgId());
      }
      return done(
          owners.isEmpty()
              ? new Refused(
                  AuthFailure.UNKNOWN_ISSUER,
                  "iss " + Details.quote(issuer) + " matches no IdP connection")
              : new Refused(
                  AuthFailure.WRONG_ORG,
                  "iss "
                      + Details.quote(issuer)
                      + " belongs to another organization's IdP connection"));
    }
    Optional<IdpConnection> selected = byAudience(candidates, parsed.claims().get("aud"));
    if (selected.isEmpty()) {
      return done(
          new Refused(
              AuthFailure.WRONG_AUDIENCE,
              "aud matches none of the " + candidates.size() + " connections for this issuer"));
    }
    return verifyWith(parsed, selected.get());
  }

  private static Optional<IdpConnection> byAudience(List<IdpConnection> candidates, Object aud) {
    if (candidates.size() == 1) {
      return Optional.of(candidates.get(0));
    }
    List<?> audiences = aud instanceof List<?> list ? list : aud == null ? List.of() : List.of(aud);
    for (IdpConnection connection : candidates) {
      if (audiences.stream().anyMatch(connection.audiences()::contains)) {
        return Optional.of(connection);
      }
    }
    return candidates.stream().filter(c -> c.audiences().isEmpty()).findFirst();
  }

  private CompletableFuture<Verification> verifyWith(CompactToken token, IdpConnection connection) {
    Refused header = header(token, connection);
    if (header != null) {
      return done(header);
    }
    String alg = token.headerString("alg"); // header() made sure it is an accepted string
    if (JwsAlgorithms.isHmac(alg)) {
      byte[] secret = connection.hmacSecret();
      if (secret == null || secret.length < JwsAlgorithms.minimumSecretBytes(alg)) {
        return done(
            new Refused(
                AuthFailure.UNKNOWN_KEY,
                "connection " + connection.id() + " has no usable " + alg + " secret"));
      }
      return done(
          signatureValid(token, alg, new HmacKey(secret))
              ? afterSignature(token, connection)
              : new Refused(AuthFailure.BAD_SIGNATURE, "the " + alg + " signature does not match"));
    }
    return keys.keys(connection)
        .handle(
            (set, error) ->
                error != null
                    ? done(unreachable(connection, error))
                    : withKeys(token, alg, connection, set, false))
        .thenCompose(future -> future);
  }

  /** Header rules that need no key: alg allow-list, crit, kid, nesting (VR-03, VR-05, VR-07). */
  private static Refused header(CompactToken token, IdpConnection connection) {
    Map<String, Object> header = token.header();
    if (!(header.get("alg") instanceof String alg)) {
      return new Refused(AuthFailure.MALFORMED, "the header has no alg string");
    }
    if (JwsAlgorithms.isNone(alg)) {
      return new Refused(
          AuthFailure.BAD_SIGNATURE, "unsigned tokens (alg none) are never accepted");
    }
    if (!JwsAlgorithms.SUPPORTED.contains(alg) || !connection.algorithms().contains(alg)) {
      return new Refused(
          AuthFailure.BAD_SIGNATURE,
          "alg "
              + Details.quote(alg)
              + " is not accepted by connection "
              + connection.id()
              + " (accepts "
              + connection.algorithms().stream().sorted().toList()
              + ")");
    }
    if (token.signatureEmpty()) {
      return new Refused(AuthFailure.BAD_SIGNATURE, "the token has no signature");
    }
    if (header.containsKey("crit")) {
      return new Refused(
          AuthFailure.MALFORMED,
          "the crit header names extensions this verifier does not implement");
    }
    if (header.containsKey("zip")
        || (header.get("cty") instanceof String cty && cty.equalsIgnoreCase("JWT"))) {
      return new Refused(AuthFailure.MALFORMED, "compressed or nested tokens are not accepted");
    }
    Object kid = header.get("kid");
    if (kid != null && (!(kid instanceof String k) || k.isEmpty() || k.length() > MAX_KID_CHARS)) {
      return new Refused(
          AuthFailure.MALFORMED,
          "kid must be a non-empty string of at most " + MAX_KID_CHARS + " characters");
    }
    return null;
  }

  private CompletableFuture<Verification> withKeys(
      CompactToken token, String alg, IdpConnection connection, KeySet set, boolean refetched) {
    String kid = token.headerString("kid");
    SigningKey key;
    if (kid != null) {
      Optional<SigningKey> found = set.byKid(kid);
      if (found.isEmpty()) {
        return refetched
            ? done(
                new Refused(
                    AuthFailure.UNKNOWN_KEY,
                    "connection " + connection.id() + " has no key with kid " + Details.quote(kid)))
            : refetchThen(token, alg, connection, kid, true, set);
      }
      key = found.get();
    } else if (set.size() == 0) {
      return refetched
          ? done(
              new Refused(
                  AuthFailure.UNKNOWN_KEY, "connection " + connection.id() + " has no keys"))
          : refetchThen(token, alg, connection, null, true, set);
    } else if (set.size() > 1) {
      return done(
          new Refused(
              AuthFailure.UNKNOWN_KEY,
              "the token has no kid and the key set holds " + set.size() + " keys"));
    } else {
      key = set.keys().get(0);
    }
    String mismatch = key.mismatch(alg);
    if (mismatch != null) {
      return done(new Refused(AuthFailure.BAD_SIGNATURE, mismatch));
    }
    if (signatureValid(token, alg, key.key())) {
      return done(afterSignature(token, connection));
    }
    if (refetched) {
      return done(badSignature(alg, kid));
    }
    // The IdP may have replaced the key under the same kid: look once more (same guard).
    return refetchThen(token, alg, connection, kid, false, set);
  }

  private CompletableFuture<Verification> refetchThen(
      CompactToken token,
      String alg,
      IdpConnection connection,
      String kid,
      boolean unknownKid,
      KeySet before) {
    return keys.refetch(connection, kid, unknownKid)
        .handle(
            (after, error) -> {
              if (error != null) {
                return done(unreachable(connection, error));
              }
              if (!unknownKid && sameKey(before, after, kid)) {
                return done(badSignature(alg, kid));
              }
              return withKeys(token, alg, connection, after, true);
            })
        .thenCompose(future -> future);
  }

  private static boolean sameKey(KeySet before, KeySet after, String kid) {
    Optional<SigningKey> old = kid == null ? before.keys().stream().findFirst() : before.byKid(kid);
    Optional<SigningKey> now = kid == null ? after.keys().stream().findFirst() : after.byKid(kid);
    return now.isEmpty() || (old.isPresent() && old.get().key().equals(now.get().key()));
  }

  private Verification afterSignature(CompactToken token, IdpConnection connection) {
    Refused refused = ClaimRules.type(token, connection);
    if (refused == null) {
      refused = ClaimRules.check(token.claims(), connection, clock.instant());
    }
    if (refused != null) {
      return refused;
    }
    Map<String, List<String>> bindings = ClaimMapper.bindings(token.claims(), connection);
    List<String> userId = bindings.get("user_id");
    String subject =
        userId != null && !userId.isEmpty() ? userId.get(0) : (String) token.claims().get("sub");
    return new Verified(connection.id(), subject, bindings, ClaimRules.expiry(token.claims()));
  }

  /**
   * Checks the signature with jose4j's algorithm on the parts already decoded: the token is not
   * parsed a second time (which cost more than an RSA check). {@link #header} checked {@code alg}
   * against {@link JwsAlgorithms#SUPPORTED} and the connection's allow-list: it is never {@code
   * none}.
   */
  private static boolean signatureValid(CompactToken token, String alg, Key key) {
    try {
      JsonWebSignatureAlgorithm algorithm = JWS_ALGORITHMS.getAlgorithm(alg);
      algorithm.validateVerificationKey(key);
      return algorithm.verifySignature(token.signature(), key, token.signingInput(), PROVIDERS);
    } catch (JoseException | RuntimeException e) {
      return false;
    }
  }

  private static Refused badSignature(String alg, String kid) {
    return new Refused(
        AuthFailure.BAD_SIGNATURE,
        "the "
            + alg
            + " signature does not match "
            + (kid == null ? "the connection's key" : "key " + Details.quote(kid)));
  }

  private static Refused unreachable(IdpConnection connection, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String why =
        cause instanceof IdpUnreachableException
            ? cause.getMessage()
            : cause.getClass().getSimpleName();
    return new Refused(
        AuthFailure.IDP_UNREACHABLE,
        "the keys of connection " + connection.id() + " are unavailable: " + why);
  }

  private static CompletableFuture<Verification> done(Verification verification) {
    return CompletableFuture.completedFuture(verification);
  }
}
