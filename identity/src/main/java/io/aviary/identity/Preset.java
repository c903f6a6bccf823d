package io.aviary.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Provider presets: each turns the few values a user knows (a domain, a project id) into a complete
 * {@link IdpConnection} with the provider's exact issuers, key location, algorithms, audience
 * rules, required claims, accepted {@code typ} values and claim mappings, as researched in
 * idp-profiles.md. The connection stays editable afterwards; the token-kind rules of a preset
 * (VR-09) apply whatever the edits.
 */
public enum Preset {
  AUTH0(
      "auth0",
      "Auth0",
      List.of(
          field(
              "domain", "Auth0 domain", true, "acme.eu.auth0.com", "Tenant domain from Settings."),
          field(
              "audience",
              "API identifier",
              true,
              "https://mqtt.acme.com",
              "The API's identifier (aud)."),
          field(
              "custom_domain",
              "Custom domain",
              false,
              "login.acme.com",
              "Also trust tokens issued on this domain."),
          field(
              "claim_namespace",
              "Custom-claim namespace",
              false,
              "https://acme.com/",
              "Prefix your Actions use for role, email and agent_id claims.")),
      List.of(
          "Auth0 access tokens live 24 hours by default; disconnect-at-expiry is weak revocation.")) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String domain = in.host("domain", true);
      String custom = in.host("custom_domain", false);
      String ns = in.optional("claim_namespace");
      b.issuers(
              custom == null
                  ? new String[] {"https://" + domain + "/"}
                  : new String[] {"https://" + domain + "/", "https://" + custom + "/"})
          .discoveryUrl(URI.create("https://" + domain + "/.well-known/openid-configuration"))
          .algorithms("RS256")
          .audiences(in.required("audience"))
          .acceptedTypes("", "JWT", "at+jwt")
          .claimMapping("user_id", "sub")
          .claimMapping("session_id", "sid")
          .claimMapping("email", ns == null ? "email" : ns + "email")
          .claimMapping("role", ns == null ? "permissions" : ns + "roles")
          .claimMapping("agent_id", ns == null ? "agent_id" : ns + "agent_id");
    }
  },

  SUPABASE("supabase", "Supabase (signing keys)", List.of(projectRef()), List.of()) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String issuer = supabaseIssuer(in);
      supabaseCommon(b, issuer)
          .jwksUrl(URI.create(issuer + "/.well-known/jwks.json"))
          .algorithms("ES256", "RS256");
    }
  },

  SUPABASE_HS256(
      "supabase_hs256",
      "Supabase (legacy JWT secret)",
      List.of(
          projectRef(),
          field(
              "jwt_secret",
              "JWT secret",
              true,
              "super-secret-jwt-token-with-at-least-32-characters",
              "Project Settings, API, JWT secret (legacy)."),
          field(
              "secret_encoding",
              "Secret encoding",
              false,
              "raw",
              "raw (the default: the secret's characters are the key) or base64.")),
      List.of(
          "The legacy secret can mint tokens as well as verify them; prefer Supabase signing keys"
              + " (the supabase preset).")) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String secret = in.required("jwt_secret");
      String encoding = in.optional("secret_encoding");
      byte[] key;
      if (encoding == null || encoding.equals("raw")) {
        key = secret.getBytes(StandardCharsets.UTF_8);
      } else if (encoding.equals("base64")) {
        try {
          key = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
          throw new PresetInputException("jwt_secret", "'jwt_secret' is not valid base64.");
        }
      } else {
        throw new PresetInputException(
            "secret_encoding", "'secret_encoding' must be raw or base64.");
      }
      if (key.length < 32) {
        throw new PresetInputException(
            "jwt_secret", "'jwt_secret' must be at least 32 bytes (256 bits) for HS256.");
      }
      supabaseCommon(b, supabaseIssuer(in)).algorithms("HS256").hmacSecret(key);
      Arrays.fill(key, (byte) 0);
    }
  },

  FIREBASE(
      "firebase",
      "Firebase Authentication",
      List.of(
          field(
              "project_id",
              "Firebase project id",
              true,
              "acme-prod",
              "Project settings, General.")),
      List.of()) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String project =
          in.matching(
              "project_id", FIREBASE_PROJECT, "a Firebase project id such as acme-prod", true);
      b.issuers("https://securetoken.google.com/" + project)
          .audiences(project)
          .jwksUrl(URI.create(FIREBASE_JWKS))
          .algorithms("RS256")
          .acceptedTypes("", "JWT")
          .claimMapping("user_id", "sub")
          .claimMapping("email", "email")
          .claimMapping("role", "role")
          .claimMapping("agent_id", "agent_id");
    }
  },

  CLERK(
      "clerk",
      "Clerk",
      List.of(
          field(
              "frontend_api_url",
              "Frontend API URL",
              true,
              "https://clerk.acme.com",
              "API keys page, Frontend API URL; it is the token issuer."),
          field(
              "authorized_parties",
              "Authorized parties",
              false,
              "https://app.acme.com",
              "Origins allowed in azp, comma-separated; tokens without azp are then refused."),
          field(
              "audience",
              "Audience",
              false,
              "mqtt",
              "Only for JWT-template tokens that carry an aud.")),
      List.of(
          "Clerk session tokens live about 60 seconds: the broker disconnects at expiry unless the"
              + " client re-authenticates (MQTT 5 AUTH) every ~50 s. Prefer a Clerk JWT template"
              + " with a longer lifetime and an aud for the broker.")) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String issuer = in.baseUrl("frontend_api_url");
      String audience = in.optional("audience");
      b.issuers(issuer)
          .jwksUrl(URI.create(issuer + "/.well-known/jwks.json"))
          .algorithms("RS256")
          .authorizedParties(in.list("authorized_parties").toArray(String[]::new))
          .acceptedTypes("", "JWT")
          .claimMapping("user_id", "sub")
          .claimMapping("session_id", "sid")
          .claimMapping("role", "o.rol")
          .claimMapping("email", "email")
          .claimMapping("agent_id", "agent_id");
      if (audience != null) {
        b.audiences(audience);
      }
    }
  },

  COGNITO("cognito", "Amazon Cognito (access tokens)", cognitoFields(), List.of()) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String clientId = cognitoCommon(b, in);
      b.requiredClaim("token_use", "access").requiredClaim("client_id", clientId);
    }
  },

  COGNITO_ID("cognito_id", "Amazon Cognito (ID tokens)", cognitoFields(), List.of()) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String clientId = cognitoCommon(b, in);
      b.audiences(clientId).requiredClaim("token_use", "id");
    }
  },

  OKTA(
      "okta",
      "Okta (custom authorization server)",
      List.of(
          field(
              "okta_domain",
              "Okta domain",
              true,
              "acme.okta.com",
              "Your Okta org or custom URL domain."),
          field(
              "authorization_server_id",
              "Authorization server id",
              false,
              "default",
              "Security, API; default when empty."),
          field(
              "audience",
              "Audience",
              false,
              "api://default",
              "The authorization server's audience; api://default when empty.")),
      List.of()) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String domain = in.host("okta_domain", true);
      String server =
          in.matching("authorization_server_id", ID_TOKEN_SAFE, "letters and digits", false);
      String issuer = "https://" + domain + "/oauth2/" + (server == null ? "default" : server);
      String audience = in.optional("audience");
      b.issuers(issuer)
          .discoveryUrl(URI.create(issuer + "/.well-known/openid-configuration"))
          .algorithms("RS256")
          .audiences(audience == null ? "api://default" : audience)
          .acceptedTypes("", "JWT", "at+jwt")
          .claimMapping("user_id", "uid")
          .claimMapping("role", "groups")
          .claimMapping("email", "email");
    }
  },

  ENTRA_V1(
      "entra_v1",
      "Microsoft Entra ID (v1 tokens)",
      List.of(
          entraTenant(),
          field(
              "client_id",
              "Application (client) id",
              true,
              "6e74172b-be56-4843-9ff4-e66a39bb12e3",
              "The API app registration's client id."),
          field(
              "app_id_uri",
              "Application ID URI",
              false,
              "api://mqtt.acme.com",
              "v1 tokens may carry it as aud instead of the client id.")),
      List.of()) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String tenant = entraCommon(b, in);
      String clientId = in.matching("client_id", GUID, "a GUID", true);
      String appIdUri = in.optional("app_id_uri");
      b.issuers("https://sts.windows.net/" + tenant + "/")
          .discoveryUrl(
              URI.create(
                  "https://login.microsoftonline.com/"
                      + tenant
                      + "/.well-known/openid-configuration"))
          .audiences(appIdUri == null ? new String[] {clientId} : new String[] {clientId, appIdUri})
          .claimMapping("agent_id", "appid");
    }
  },

  ENTRA_V2(
      "entra_v2",
      "Microsoft Entra ID (v2 tokens)",
      List.of(
          entraTenant(),
          field(
              "client_id",
              "Application (client) id",
              true,
              "6e74172b-be56-4843-9ff4-e66a39bb12e3",
              "The API app registration's client id; v2 tokens carry it as aud.")),
      List.of()) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String tenant = entraCommon(b, in);
      b.issuers("https://login.microsoftonline.com/" + tenant + "/v2.0")
          .discoveryUrl(
              URI.create(
                  "https://login.microsoftonline.com/"
                      + tenant
                      + "/v2.0/.well-known/openid-configuration"))
          .audiences(in.matching("client_id", GUID, "a GUID", true))
          .claimMapping("agent_id", "azp");
    }
  },

  KEYCLOAK(
      "keycloak",
      "Keycloak",
      List.of(
          field(
              "base_url",
              "Keycloak URL",
              true,
              "https://sso.acme.com",
              "Server URL, including /auth for Keycloak 16 and older."),
          field("realm", "Realm", true, "acme", "The realm name."),
          field(
              "client_id",
              "Client id",
              true,
              "mqtt-devices",
              "The client that requests tokens; checked as azp."),
          field(
              "audience", "Audience", false, "mqtt-broker", "Only if an Audience mapper adds one."),
          field(
              "additional_issuers",
              "Additional issuers",
              false,
              "http://keycloak:8080/realms/acme",
              "Other exact issuer URLs for the same realm (internal host names).")),
      List.of(
          "Keycloak access tokens live 5 minutes by default: the broker disconnects at expiry unless"
              + " the client re-authenticates (MQTT 5 AUTH) or the realm's access token lifespan is"
              + " raised.")) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String base = in.baseUrl("base_url");
      String realm =
          in.matching("realm", REALM, "a realm name (letters, digits, '-', '_', '.')", true);
      String issuer = base + "/realms/" + realm;
      List<String> issuers = new java.util.ArrayList<>(List.of(issuer));
      issuers.addAll(in.list("additional_issuers"));
      String audience = in.optional("audience");
      b.issuers(issuers.toArray(String[]::new))
          .discoveryUrl(URI.create(issuer + "/.well-known/openid-configuration"))
          .algorithms("RS256", "ES256", "PS256")
          .authorizedParties(in.required("client_id"))
          .requiredClaim("typ", "Bearer")
          .acceptedTypes("", "JWT")
          .claimMapping("user_id", "sub")
          .claimMapping("email", "email")
          .claimMapping("role", "realm_access.roles")
          .claimMapping("session_id", "sid")
          .claimMapping("agent_id", "agent_id");
      if (audience != null) {
        b.audiences(audience);
      }
    }
  },

  GOOGLE(
      "google",
      "Google",
      List.of(
          field(
              "client_id",
              "OAuth client id(s)",
              true,
              "1234567890-abc.apps.googleusercontent.com",
              "Your OAuth client id; several may be comma-separated."),
          field(
              "hosted_domain",
              "Workspace domain",
              false,
              "acme.com",
              "Only accept accounts of this Google Workspace domain (hd).")),
      List.of(
          "Every Google account can get a Google ID token: your client id (aud) and, for Workspace,"
              + " the hosted domain are the only binding to your organization.")) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      List<String> clients = in.list("client_id");
      if (clients.isEmpty()) {
        throw new PresetInputException("client_id", "'client_id' is required.");
      }
      String hd = in.host("hosted_domain", false);
      b.issuers("https://accounts.google.com", "accounts.google.com")
          .discoveryUrl(URI.create("https://accounts.google.com/.well-known/openid-configuration"))
          .algorithms("RS256")
          .audiences(clients.toArray(String[]::new))
          .acceptedTypes("", "JWT")
          .claimMapping("user_id", "sub")
          .claimMapping("email", "email");
      if (hd != null) {
        b.requiredClaim("hd", hd);
      }
    }
  },

  GENERIC_OIDC(
      "generic_oidc",
      "Generic OpenID Connect",
      List.of(
          field(
              "issuer",
              "Issuer",
              true,
              "https://idp.acme.com",
              "Exactly as the IdP's discovery document states it."),
          field(
              "audience",
              "Audience(s)",
              true,
              "mqtt-broker",
              "Accepted aud values, comma-separated."),
          field(
              "jwks_url",
              "JWKS URL",
              false,
              "https://idp.acme.com/keys",
              "Only when the IdP has no discovery document."),
          field(
              "algorithms",
              "Algorithms",
              false,
              "RS256,ES256",
              "Accepted signature algorithms; RS256 and ES256 when empty.")),
      List.of()) {
    @Override
    void fill(IdpConnection.Builder b, PresetInputs in) {
      String issuer = in.required("issuer");
      String base = in.baseUrl("issuer");
      List<String> audiences = in.list("audience");
      if (audiences.isEmpty()) {
        throw new PresetInputException("audience", "'audience' is required.");
      }
      List<String> algorithms = in.list("algorithms");
      for (String alg : algorithms) {
        if (!JwsAlgorithms.SUPPORTED.contains(alg) || JwsAlgorithms.isHmac(alg)) {
          throw new PresetInputException(
              "algorithms",
              "Algorithm " + PresetInputs.quote(alg) + " is not a supported public-key algorithm.");
        }
      }
      String jwks = in.optional("jwks_url");
      b.issuers(issuer)
          .audiences(audiences.toArray(String[]::new))
          .algorithms(
              algorithms.isEmpty()
                  ? new String[] {"RS256", "ES256"}
                  : algorithms.toArray(String[]::new))
          .acceptedTypes("", "JWT", "at+jwt")
          .claimMapping("user_id", "sub")
          .claimMapping("email", "email")
          .claimMapping("role", "roles")
          .claimMapping("agent_id", "agent_id");
      if (jwks != null) {
        b.jwksUrl(URI.create(in.baseUrl("jwks_url")));
      } else {
        b.discoveryUrl(URI.create(base + "/.well-known/openid-configuration"));
      }
    }
  };

  static final String FIREBASE_JWKS =
      "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com";
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern SUPABASE_REF = Pattern.compile("[a-z0-9]{1,63}");
  private static final Pattern FIREBASE_PROJECT = Pattern.compile("[a-z][a-z0-9-]{3,62}");
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
  private static final Pattern COGNITO_POOL =
      Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]_[A-Za-z0-9]+");
  private static final Pattern ID_TOKEN_SAFE = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern REALM = Pattern.compile("[A-Za-z0-9._-]{1,255}");

  private final String code;
  private final String displayName;

  @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
  private final List<PresetField> fields;

  @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
  private final List<String> warnings;

  Preset(String code, String displayName, List<PresetField> fields, List<String> warnings) {
    this.code = code;
    this.displayName = displayName;
    this.fields = fields;
    this.warnings = warnings;
  }

  abstract void fill(IdpConnection.Builder builder, PresetInputs inputs);

  /** The snake_case code stored in {@link IdpConnection#preset()} and used in JSON. */
  public String code() {
    return code;
  }

  public String displayName() {
    return displayName;
  }

  /** The inputs the user provides. */
  public List<PresetField> fields() {
    return fields;
  }

  /**
   * Things the user should know before relying on this provider (short lifetimes, weak binding).
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Builds the connection from the user's {@code inputs} (keyed by {@link PresetField#name()}).
   *
   * @throws PresetInputException naming the field that is missing or invalid
   */
  public IdpConnection connection(String id, String orgId, Map<String, String> inputs) {
    IdpConnection.Builder builder = IdpConnection.builder(id, orgId).preset(code);
    fill(builder, new PresetInputs(inputs));
    return builder.build();
  }

  /** The preset with this code. */
  public static Optional<Preset> byCode(String code) {
    for (Preset preset : values()) {
      if (preset.code.equals(code)) {
        return Optional.of(preset);
      }
    }
    return Optional.empty();
  }

  /** Every preset with its fields and warnings, for {@code GET /api/v1/idp-presets}. */
  public static List<Description> catalogue() {
    return Arrays.stream(values())
        .map(p -> new Description(p.code, p.displayName, p.fields, p.warnings))
        .toList();
  }

  /**
   * A preset as the API lists it.
   *
   * @param code the preset code
   * @param displayName the provider's name
   * @param fields the inputs it asks for
   * @param warnings what to know before relying on it
   */
  public record Description(
      String code, String displayName, List<PresetField> fields, List<String> warnings) {}

  private static PresetField field(
      String name, String label, boolean required, String example, String help) {
    return new PresetField(name, label, required, example, help);
  }

  private static PresetField projectRef() {
    return field(
        "project_ref",
        "Project ref",
        true,
        "abcdefghijklmnopqrst",
        "The id in https://<ref>.supabase.co.");
  }

  private static PresetField entraTenant() {
    return field(
        "tenant_id",
        "Directory (tenant) id",
        true,
        "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "Entra admin center, Overview.");
  }

  private static List<PresetField> cognitoFields() {
    return List.of(
        field("region", "AWS region", true, "eu-west-1", "The user pool's region."),
        field("user_pool_id", "User pool id", true, "eu-west-1_AbCdEf123", "User pool overview."),
        field(
            "client_id",
            "App client id",
            true,
            "1example23456789",
            "App integration, App clients."));
  }

  private static String supabaseIssuer(PresetInputs in) {
    String ref =
        in.matching(
            "project_ref",
            SUPABASE_REF,
            "the lower-case project ref from https://<ref>.supabase.co",
            true);
    return "https://" + ref + ".supabase.co/auth/v1";
  }

  private static IdpConnection.Builder supabaseCommon(IdpConnection.Builder b, String issuer) {
    return b.issuers(issuer)
        .audiences("authenticated")
        .requiredClaim("role", "authenticated")
        .acceptedTypes("", "JWT")
        .claimMapping("user_id", "sub")
        .claimMapping("email", "email")
        .claimMapping("session_id", "session_id")
        .claimMapping("role", "app_metadata.role")
        .claimMapping("agent_id", "app_metadata.agent_id");
  }

  private static String cognitoCommon(IdpConnection.Builder b, PresetInputs in) {
    String region = in.matching("region", AWS_REGION, "an AWS region such as eu-west-1", true);
    String pool =
        in.matching(
            "user_pool_id", COGNITO_POOL, "a user pool id such as eu-west-1_AbCdEf123", true);
    if (!pool.startsWith(region + "_")) {
      throw new PresetInputException(
          "user_pool_id", "'user_pool_id' belongs to another region than " + region + ".");
    }
    String clientId =
        in.matching("client_id", ID_TOKEN_SAFE, "an app client id (letters and digits)", true);
    String issuer = "https://cognito-idp." + region + ".amazonaws.com/" + pool;
    b.issuers(issuer)
        .jwksUrl(URI.create(issuer + "/.well-known/jwks.json"))
        .algorithms("RS256")
        .acceptedTypes("", "JWT")
        .claimMapping("user_id", "sub")
        .claimMapping("email", "email")
        .claimMapping("role", "cognito:groups")
        .claimMapping("session_id", "origin_jti")
        .claimMapping("agent_id", "custom:agent_id");
    return clientId;
  }

  private static String entraCommon(IdpConnection.Builder b, PresetInputs in) {
    String tenant =
        in.matching("tenant_id", GUID, "the directory (tenant) id, a GUID", true)
            .toLowerCase(java.util.Locale.ROOT);
    b.algorithms("RS256")
        .requiredClaim("tid", tenant)
        .acceptedTypes("", "JWT")
        .claimMapping("user_id", "oid")
        .claimMapping("email", "email")
        .claimMapping("role", "roles")
        .claimMapping("session_id", "sid");
    return tenant;
  }
}
