package io.aviary.tenant.auth;

import io.aviary.tenant.config.TenantConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Discovery of the platform token issuer, so other services verify tokens offline. */
@Path("/.well-known")
@Tag(name = "auth")
public class WellKnownResource {

  private final PlatformKeys keys;
  private final TenantConfig config;

  public WellKnownResource(PlatformKeys keys, TenantConfig config) {
    this.keys = keys;
    this.config = config;
  }

  /** The JWKS location announced in discovery and to brokers. */
  public static String jwksUri(TenantConfig config) {
    return config
        .platform()
        .jwksUri()
        .orElse(stripSlash(config.platform().issuer()) + "/.well-known/jwks.json");
  }

  @GET
  @Path("/jwks.json")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "The platform's public signing keys (JWK Set)")
  public Response jwks() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(300);
    return Response.ok(keys.jwksJson()).cacheControl(cache).build();
  }

  @GET
  @Path("/openid-configuration")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "OIDC-style discovery: issuer and jwks_uri of platform tokens")
  public Map<String, Object> discovery() {
    String issuer = config.platform().issuer();
    return Map.of(
        "issuer", issuer,
        "jwks_uri", jwksUri(config),
        "token_endpoint", stripSlash(issuer) + "/api/v1/auth/token",
        "id_token_signing_alg_values_supported", List.of(PlatformKeys.ALGORITHM),
        "subject_types_supported", List.of("public"),
        "response_types_supported", List.of("token"));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
