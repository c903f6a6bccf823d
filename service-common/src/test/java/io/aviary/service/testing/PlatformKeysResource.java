package io.aviary.service.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * Stands in for tenant-api's signing key: a fresh RSA key pair whose public half is served as a JWK
 * Set over HTTP on the loopback address, as tenant-api publishes {@code /.well-known/jwks.json}.
 * The private key goes to a file named by {@code aviary-test.signing-key}, from which {@link
 * PlatformTokens} signs platform tokens. Shared by the services through this module's test jar.
 */
public class PlatformKeysResource implements QuarkusTestResourceLifecycleManager {

  /** The issuer the service is configured with in tests. */
  public static final String ISSUER = "http://tenant-api.test";

  /** The {@code kid} of the test key. */
  public static final String KEY_ID = "test-key-1";

  /** The configuration key naming the file that holds the private key (PKCS#8, base64). */
  public static final String SIGNING_KEY_PROPERTY = "aviary-test.signing-key";

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
      jwk.setKeyId(KEY_ID);
      jwk.setAlgorithm("RS256");
      jwk.setUse("sig");
      byte[] jwks = new JsonWebKeySet(jwk).toJson().getBytes(StandardCharsets.UTF_8);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/.well-known/jwks.json",
          exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(jwks);
            }
          });
      server.start();
      Path key = Files.createTempFile("aviary-test-platform-key", ".pk8");
      key.toFile().deleteOnExit();
      Files.writeString(key, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      return Map.of(
          "aviary.tenant-api-url",
          base,
          "aviary.platform.issuer",
          ISSUER,
          "aviary.platform.jwks-uri",
          base + "/.well-known/jwks.json",
          SIGNING_KEY_PROPERTY,
          key.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
