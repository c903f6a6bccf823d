package io.aviary.acl.service.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.aviary.acl.AclJson;
import io.aviary.acl.ParseResult;
import io.aviary.acl.service.config.AclConfig;
import io.aviary.acl.service.metrics.AclMetrics;
import io.aviary.service.auth.Caller;
import io.aviary.service.auth.Role;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An organization's policy: the active document, storing new versions, the history, rollback. */
@Path("/api/v1/orgs/{org}/acl")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "acl", description = "ACL v2 policies of an organization")
@SecurityRequirement(name = "platform")
public class PolicyResource {

  /** Response header carrying the version of the document in the body. */
  public static final String VERSION_HEADER = "Aviary-Acl-Version";

  private final PolicyStore store;
  private final AclMetrics metrics;
  private final AclConfig config;
  private final JsonWebToken jwt;

  public PolicyResource(PolicyStore store, AclMetrics metrics, AclConfig config, JsonWebToken jwt) {
    this.store = store;
    this.metrics = metrics;
    this.config = config;
    this.jwt = jwt;
  }

  /**
   * Response of a stored version.
   *
   * @param version its number
   * @param active whether it is now the active version
   * @param warnings the validator's warnings ({severity, pointer, line, column, message})
   */
  public record Stored(int version, boolean active, ArrayNode warnings) {}

  /** One version in the list. */
  public record VersionView(
      int version,
      Instant createdAt,
      String createdBy,
      int ruleCount,
      boolean active,
      @Schema(nullable = true) String comment) {}

  /** Longest version comment accepted. */
  static final int MAX_COMMENT = 500;

  /** The version list, newest first. */
  public record VersionList(int activeVersion, List<VersionView> versions) {}

  /** Response of an activation. */
  public record Activated(int activeVersion) {}

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
  @Operation(
      summary = "The active policy document",
      description =
          "The ACL v2 document itself, as it was stored. `ETag: \"<version>\"` and"
              + " `Aviary-Acl-Version: <version>`; an organization that never activated a policy"
              + " has the Blank template (deny everything) as version 0.")
  @APIResponse(responseCode = "200", description = "The ACL v2 document")
  @APIResponse(responseCode = "304", description = "If-None-Match names the active version")
  public Response active(
      @PathParam("org") String org, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    StoredPolicy policy = store.active(org);
    IfMatch unchanged = IfMatch.parse(ifNoneMatch);
    if (unchanged != null && unchanged.matches(policy.version())) {
      return Response.notModified()
          .header(HttpHeaders.ETAG, IfMatch.etag(policy.version()))
          .header(VERSION_HEADER, policy.version())
          .build();
    }
    return document(policy);
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Store a new policy version and activate it",
      description =
          "The body is the ACL v2 document itself. It is validated first: with any error the"
              + " response is 422 `invalid_policy` whose `errors` list every error with its"
              + " pointer, line and column in the body. A valid document becomes the next version"
              + " (1, 2, ...) and is activated unless `activate=false`; `comment` is kept with"
              + " it and shown in the version list. With `If-Match:"
              + " \"<version>\"` the write happens only while that version is active (412"
              + " otherwise), so a read-modify-write never overwrites someone else's change.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.OBJECT, description = "An ACL v2 document")))
  @APIResponse(
      responseCode = "201",
      description = "Stored",
      content = @Content(schema = @Schema(implementation = Stored.class)))
  @APIResponse(responseCode = "412", description = "If-Match does not name the active version")
  @APIResponse(responseCode = "422", description = "The document has errors")
  public Response put(
      @PathParam("org") String org,
      @Parameter(description = "Activate the new version (default true)")
          @QueryParam("activate")
          @DefaultValue("true")
          boolean activate,
      @Parameter(description = "A note kept with the version, at most 500 characters")
          @QueryParam("comment")
          String comment,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      String body) {
    if (comment != null
        && (comment.length() > MAX_COMMENT || comment.chars().anyMatch(Character::isISOControl))) {
      throw new ProblemException(
          ProblemCode.VALIDATION_FAILED,
          "comment must be at most " + MAX_COMMENT + " characters without control characters.");
    }
    ParseResult parsed = DocumentSource.body(body == null ? "" : body).parse();
    metrics.validated(parsed.valid());
    if (!parsed.valid()) {
      throw DocumentSource.invalid(parsed.errors());
    }
    PolicyStore.Stored stored =
        store.store(
            org,
            body,
            parsed.policy().rules().size(),
            Caller.of(jwt),
            comment == null || comment.isBlank() ? null : comment.strip(),
            activate,
            IfMatch.parse(ifMatch));
    Response.ResponseBuilder response =
        Response.created(
                UriBuilder.fromPath("/api/v1/orgs/{org}/acl/versions/{v}")
                    .build(org, stored.version()))
            .entity(
                new Stored(stored.version(), stored.active(), AclJson.problems(parsed.warnings())));
    if (stored.active()) {
      response.header(HttpHeaders.ETAG, IfMatch.etag(stored.version()));
    }
    return response.build();
  }

  @GET
  @Path("/versions")
  @RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
  @Operation(
      summary = "Stored versions, newest first",
      description = "At most `limit` (default and ceiling: aviary.acl.max-listed-versions).")
  public VersionList versions(@PathParam("org") String org, @QueryParam("limit") Integer limit) {
    int ceiling = config.acl().maxListedVersions();
    if (limit != null && (limit < 1 || limit > ceiling)) {
      throw new ProblemException(
          ProblemCode.VALIDATION_FAILED, "limit must be between 1 and " + ceiling + ".");
    }
    PolicyStore.Listing listing = store.list(org, limit == null ? ceiling : limit);
    return new VersionList(
        listing.activeVersion(),
        listing.versions().stream()
            .map(
                v ->
                    new VersionView(
                        v.version(),
                        v.createdAt(),
                        v.createdBy(),
                        v.ruleCount(),
                        v.version() == listing.activeVersion(),
                        v.comment()))
            .toList());
  }

  @GET
  @Path("/versions/{version}")
  @RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
  @Operation(
      summary = "One stored version's document",
      description = "Version 0 is the built-in Blank policy.")
  @APIResponse(responseCode = "404", description = "No such version")
  public Response version(@PathParam("org") String org, @PathParam("version") int version) {
    return document(
        store
            .version(org, version)
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "Organization " + org + " has no ACL version " + version)));
  }

  @POST
  @Path("/versions/{version}/activate")
  @RolesAllowed(Role.ADMIN_NAME)
  @Operation(
      summary = "Activate a stored version",
      description =
          "Rolling back is activating an older version; 0 activates the Blank policy. Optional"
              + " `If-Match: \"<version>\"` as for PUT. Brokers receive the change within"
              + " seconds.")
  @APIResponse(responseCode = "404", description = "No such version")
  @APIResponse(responseCode = "412", description = "If-Match does not name the active version")
  public Activated activate(
      @PathParam("org") String org,
      @PathParam("version") int version,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    return new Activated(store.activate(org, version, Caller.of(jwt), IfMatch.parse(ifMatch)));
  }

  private static Response document(StoredPolicy policy) {
    return Response.ok(policy.document(), MediaType.APPLICATION_JSON)
        .header(HttpHeaders.ETAG, IfMatch.etag(policy.version()))
        .header(VERSION_HEADER, policy.version())
        .build();
  }
}
