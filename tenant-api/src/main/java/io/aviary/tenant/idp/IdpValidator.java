package io.aviary.tenant.idp;

import io.aviary.identity.IdpConnection;
import io.aviary.identity.JwsAlgorithms;
import io.aviary.identity.Preset;
import io.aviary.identity.PresetField;
import io.aviary.identity.PresetInputException;
import io.aviary.service.problem.FieldError;
import io.aviary.service.problem.Inputs;
import io.aviary.service.problem.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks an IdP connection request, builds it from a preset's inputs when given, and reports every
 * problem at once, each with the JSON pointer of the offending value.
 *
 * <p>What a connection may be (algorithm allow-list, HMAC secret length, key location, clock skew,
 * reserved binding names) is decided by {@link IdpConnection#validate()}, and what a preset makes
 * of its inputs by {@link Preset#connection}; this class adds only what belongs to the API: the
 * request's shape and sizes, name and binding-name syntax, https-only URLs outside dev mode, and
 * that an HMAC secret is not mixed with public-key algorithms.
 */
public final class IdpValidator {

  static final int MAX_NAME = 64;
  static final int MAX_SECRET_BYTES = 512;
  static final int MAX_LIST = 16;
  static final int MAX_MAP = 32;
  static final int MAX_TEXT = 512;
  static final int MAX_URL = 2048;
  static final int MAX_INPUTS = 16;
  static final int DEFAULT_CLOCK_SKEW = (int) IdpConnection.DEFAULT_CLOCK_SKEW.toSeconds();
  static final String DEFAULT_ALGORITHM = "RS256";
  static final Pattern BINDING = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  private final boolean allowHttp;

  /**
   * @param allowHttp whether http URLs are accepted (dev mode only)
   */
  public IdpValidator(boolean allowHttp) {
    this.allowHttp = allowHttp;
  }

  /**
   * The validated settings.
   *
   * @param id the connection's id (new or existing)
   * @param orgId the organization
   * @param request what the client sent
   * @param storedSecret the secret already stored for this connection (updates), or null
   * @throws ProblemException a validation problem listing every invalid field
   */
  public IdpSettings validate(String id, String orgId, IdpRequest request, byte[] storedSecret) {
    List<FieldError> errors = new ArrayList<>();

    Optional<Preset> preset = preset(errors, request.preset());
    IdpConnection template =
        request.inputs() != null && preset.isPresent()
            ? template(errors, preset.get(), id, orgId, request.inputs())
            : null;
    // Inputs the preset refused (or an unknown preset) leave most fields unknown: the input error
    // says what to fix, and the connection's own rules are checked once it can be built.
    boolean templateFailed = request.inputs() != null && template == null;
    Optional<IdpConnection> from = Optional.ofNullable(template);

    String name = name(errors, request.name(), preset);
    List<String> issuers =
        strings(
            errors,
            "issuers",
            "issuer",
            request.issuers(),
            request.issuer(),
            from.map(IdpConnection::issuers).orElse(List.of()));
    List<String> audiences =
        strings(
            errors,
            "audiences",
            "audience",
            request.audiences(),
            request.audience(),
            from.map(IdpConnection::audiences).orElse(List.of()));

    List<String> algorithms =
        request.algorithms() != null
            ? algorithms(errors, request.algorithms())
            : from.map(c -> sorted(c.algorithms())).orElse(List.of(DEFAULT_ALGORITHM));
    boolean hmac = algorithms.stream().anyMatch(JwsAlgorithms::isHmac);
    boolean publicKey =
        algorithms.stream()
            .anyMatch(alg -> JwsAlgorithms.SUPPORTED.contains(alg) && !JwsAlgorithms.isHmac(alg));
    if (hmac && publicKey) {
      errors.add(
          FieldError.at(
              "algorithms",
              "HMAC algorithms (HS256, HS384, HS512) cannot be combined with public-key algorithms"
                  + " (one connection, one kind of key)"));
    }
    byte[] secret =
        secret(
            errors,
            request.hs256Secret(),
            from.map(IdpConnection::hmacSecret).orElse(null),
            storedSecret,
            hmac);

    String discoveryUrl =
        request.discoveryUrl() != null
            ? url(errors, "/discovery_url", request.discoveryUrl())
            : presetUrl(errors, from.map(IdpConnection::discoveryUrl), request.inputs());
    String jwksUrl =
        request.jwksUrl() != null
            ? url(errors, "/jwks_url", request.jwksUrl())
            : presetUrl(errors, from.map(IdpConnection::jwksUrl), request.inputs());
    boolean locationGiven =
        request.discoveryUrl() != null
            || request.jwksUrl() != null
            || from.map(c -> c.discoveryUrl() != null || c.jwksUrl() != null).orElse(false);
    if (publicKey && !locationGiven) {
      discoveryUrl = derivedDiscovery(issuers);
    }

    Map<String, String> claimMappings =
        request.claimMappings() != null
            ? claimMappings(errors, request.claimMappings())
            : from.<Map<String, String>>map(c -> new TreeMap<>(c.claimMappings())).orElse(Map.of());
    Map<String, List<String>> requiredClaims =
        request.requiredClaims() != null
            ? requiredClaims(errors, request.requiredClaims())
            : from.<Map<String, List<String>>>map(c -> new TreeMap<>(c.requiredClaims()))
                .orElse(Map.of());
    List<String> authorizedParties =
        strings(
            errors,
            "authorized_parties",
            null,
            request.authorizedParties(),
            null,
            from.map(IdpConnection::authorizedParties).orElse(List.of()));
    List<String> acceptedTypes =
        request.acceptedTypes() != null
            ? acceptedTypes(errors, request.acceptedTypes())
            : from.map(c -> sorted(c.acceptedTypes())).orElse(List.of());
    int clockSkew =
        request.clockSkewSeconds() != null
            ? request.clockSkewSeconds()
            : from.map(IdpConnection::clockSkew)
                .map(skew -> (int) skew.toSeconds())
                .orElse(DEFAULT_CLOCK_SKEW);
    boolean enabled =
        request.enabled() != null
            ? request.enabled()
            : from.map(IdpConnection::enabled).orElse(true);

    IdpSettings settings =
        new IdpSettings(
            name == null ? "" : name,
            preset.map(Preset::code).orElse(String.valueOf(request.preset())),
            issuers,
            audiences,
            algorithms,
            discoveryUrl,
            jwksUrl,
            secret,
            claimMappings,
            requiredClaims,
            authorizedParties,
            acceptedTypes,
            clockSkew,
            enabled);
    if (!templateFailed) {
      for (String problem : settings.connection(id, orgId).validate()) {
        ConnectionProblems.add(errors, problem, request);
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return settings;
  }

  private static Optional<Preset> preset(List<FieldError> errors, String code) {
    if (code == null) {
      return Optional.of(Preset.GENERIC_OIDC);
    }
    Optional<Preset> preset = Preset.byCode(code);
    if (preset.isEmpty()) {
      errors.add(
          FieldError.at(
              "preset",
              "unknown preset '"
                  + (code.length() > 64 ? code.substring(0, 64) + "..." : code)
                  + "'; see GET /api/v1/idp-presets"));
    }
    return preset;
  }

  /** The connection the preset builds from the inputs, or null after reporting why not. */
  private static IdpConnection template(
      List<FieldError> errors, Preset preset, String id, String orgId, Map<String, String> inputs) {
    if (inputs.size() > MAX_INPUTS) {
      errors.add(FieldError.at("inputs", "at most " + MAX_INPUTS + " inputs"));
      return null;
    }
    List<String> names = preset.fields().stream().map(PresetField::name).toList();
    int before = errors.size();
    inputs.forEach(
        (input, value) -> {
          String pointer = "/inputs/" + FieldError.escape(input);
          if (!names.contains(input)) {
            errors.add(
                new FieldError(
                    pointer,
                    "is not an input of preset "
                        + preset.code()
                        + "; it takes "
                        + String.join(", ", names)));
          } else if (value != null && (value.length() > MAX_TEXT || !Inputs.printable(value))) {
            errors.add(
                new FieldError(pointer, "must be at most " + MAX_TEXT + " printable characters"));
          }
        });
    if (errors.size() > before) {
      return null;
    }
    try {
      return preset.connection(id, orgId, inputs);
    } catch (PresetInputException e) {
      errors.add(new FieldError("/inputs/" + FieldError.escape(e.field()), e.getMessage()));
      return null;
    }
  }

  private static String name(List<FieldError> errors, String name, Optional<Preset> preset) {
    if (name == null) {
      // an unknown preset is reported already; its display name would be the default
      return preset.map(Preset::displayName).orElse(null);
    }
    if (name.isBlank() || name.length() > MAX_NAME || !Inputs.printable(name)) {
      errors.add(FieldError.at("name", "must be 1 to " + MAX_NAME + " printable characters"));
      return null;
    }
    return name.strip();
  }

  /** The valid, distinct algorithms; each invalid entry is reported. */
  private static List<String> algorithms(List<FieldError> errors, List<String> algorithms) {
    if (algorithms.size() > MAX_LIST) {
      errors.add(FieldError.at("algorithms", "at most " + MAX_LIST + " entries"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < algorithms.size(); i++) {
      String alg = algorithms.get(i);
      String pointer = "/algorithms/" + i;
      if (alg == null) {
        errors.add(new FieldError(pointer, "must be an algorithm name such as RS256"));
      } else if (out.contains(alg)) {
        errors.add(new FieldError(pointer, "duplicate algorithm " + alg));
      } else {
        out.add(alg);
      }
    }
    return out;
  }

  private static byte[] secret(
      List<FieldError> errors, String given, byte[] fromPreset, byte[] stored, boolean hmac) {
    if (given != null) {
      if (!hmac) {
        errors.add(
            FieldError.at(
                "hs256_secret", "is only used with the HMAC algorithms HS256, HS384 and HS512"));
        return null;
      }
      byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > MAX_SECRET_BYTES) {
        errors.add(
            FieldError.at("hs256_secret", "must be at most " + MAX_SECRET_BYTES + " bytes long"));
      }
      return bytes;
    }
    if (!hmac) {
      return null;
    }
    return fromPreset != null ? fromPreset : stored;
  }

  private String url(List<FieldError> errors, String pointer, String value) {
    String problem = urlProblem(value);
    if (problem != null) {
      errors.add(new FieldError(pointer, problem));
      return null;
    }
    return value;
  }

  /**
   * A URL the preset built, checked like a given one; a problem points at the input it came from
   * (an http Keycloak or Clerk URL outside dev mode, say).
   */
  private String presetUrl(
      List<FieldError> errors, Optional<URI> built, Map<String, String> inputs) {
    if (built.isEmpty()) {
      return null;
    }
    String value = built.get().toString();
    String problem = urlProblem(value);
    if (problem != null) {
      errors.add(
          new FieldError(inputPointer(inputs, value), "gives " + value + ", which " + problem));
      return null;
    }
    return value;
  }

  private static String inputPointer(Map<String, String> inputs, String url) {
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      String value = input.getValue() == null ? "" : input.getValue().strip();
      while (value.endsWith("/")) {
        value = value.substring(0, value.length() - 1);
      }
      if (!value.isEmpty() && url.startsWith(value)) {
        return "/inputs/" + FieldError.escape(input.getKey());
      }
    }
    return "/inputs";
  }

  private String urlProblem(String value) {
    if (value.length() > MAX_URL) {
      return "must be at most " + MAX_URL + " characters";
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      return allowHttp ? "must be an http or https URL" : "must be an https URL";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "must name a host";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not contain credentials";
    }
    if (uri.getRawFragment() != null) {
      return "must not contain a fragment";
    }
    return null;
  }

  /** The discovery document under the first issuer, when that issuer is a usable URL. */
  private String derivedDiscovery(List<String> issuers) {
    if (issuers.isEmpty() || urlProblem(issuers.get(0)) != null) {
      return null;
    }
    String issuer = issuers.get(0);
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return base + "/.well-known/openid-configuration";
  }

  /**
   * The valid, distinct strings of a list member (or of its single-value shorthand), else {@code
   * fallback} when neither is given; each invalid entry is reported.
   */
  private static List<String> strings(
      List<FieldError> errors,
      String member,
      String shorthand,
      List<String> values,
      String single,
      List<String> fallback) {
    if (single != null && values != null) {
      errors.add(FieldError.at(shorthand, "give " + shorthand + " or " + member + ", not both"));
      return List.of();
    }
    if (single != null) {
      if (!text(single)) {
        errors.add(FieldError.at(shorthand, "must be 1 to " + MAX_TEXT + " printable characters"));
        return List.of();
      }
      return List.of(single);
    }
    if (values == null) {
      return fallback;
    }
    if (values.size() > MAX_LIST) {
      errors.add(FieldError.at(member, "at most " + MAX_LIST + " entries"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      String pointer = "/" + member + "/" + i;
      if (v == null || !text(v)) {
        errors.add(new FieldError(pointer, "must be 1 to " + MAX_TEXT + " printable characters"));
      } else if (out.contains(v)) {
        errors.add(new FieldError(pointer, "duplicate value"));
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static boolean text(String value) {
    return !value.isBlank() && value.length() <= MAX_TEXT && Inputs.printable(value);
  }

  private static Map<String, String> claimMappings(
      List<FieldError> errors, Map<String, String> mappings) {
    if (mappings.size() > MAX_MAP) {
      errors.add(FieldError.at("claim_mappings", "at most " + MAX_MAP + " mappings"));
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    mappings.forEach(
        (binding, claim) -> {
          String pointer = "/claim_mappings/" + FieldError.escape(binding);
          if (!BINDING.matcher(binding).matches()) {
            errors.add(
                new FieldError(
                    pointer,
                    "binding names are 1 to 32 characters: a lower-case letter, then lower-case"
                        + " letters, digits or _"));
          } else if (claim == null
              || claim.isBlank()
              || claim.length() > 256
              || !Inputs.printable(claim)) {
            errors.add(
                new FieldError(pointer, "must be a claim name or path (1 to 256 characters)"));
          } else {
            out.put(binding, claim);
          }
        });
    return out;
  }

  private static Map<String, List<String>> requiredClaims(
      List<FieldError> errors, Map<String, List<String>> required) {
    if (required.size() > MAX_MAP) {
      errors.add(FieldError.at("required_claims", "at most " + MAX_MAP + " claims"));
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    required.forEach(
        (claim, values) -> {
          String pointer = "/required_claims/" + FieldError.escape(claim);
          if (claim.isBlank() || claim.length() > 256 || !Inputs.printable(claim)) {
            errors.add(new FieldError(pointer, "claim names are 1 to 256 printable characters"));
          } else if (values == null || values.size() > MAX_LIST) {
            errors.add(
                new FieldError(
                    pointer,
                    "must list at most "
                        + MAX_LIST
                        + " accepted values ([] only requires the claim to be present)"));
          } else {
            boolean valid = true;
            for (int i = 0; i < values.size(); i++) {
              String v = values.get(i);
              if (v == null || v.length() > MAX_TEXT || !Inputs.printable(v)) {
                errors.add(
                    new FieldError(
                        pointer + "/" + i,
                        "must be a string of at most " + MAX_TEXT + " characters"));
                valid = false;
              }
            }
            if (valid) {
              out.put(claim, values);
            }
          }
        });
    return out;
  }

  private static List<String> acceptedTypes(List<FieldError> errors, List<String> types) {
    if (types.size() > 8) {
      errors.add(FieldError.at("accepted_types", "at most 8 entries"));
      return List.of();
    }
    Set<String> out = new HashSet<>();
    List<String> ordered = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      String t = types.get(i);
      if (t == null || t.length() > 64 || !Inputs.printable(t)) {
        errors.add(
            new FieldError(
                "/accepted_types/" + i,
                "must be a typ value of at most 64 characters (\"\" accepts tokens without typ)"));
      } else if (out.add(t)) {
        ordered.add(t);
      }
    }
    return ordered;
  }

  private static List<String> sorted(Collection<String> values) {
    return values.stream().sorted().toList();
  }
}
