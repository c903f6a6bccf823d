package io.aviary.audit.pipeline.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aviary.audit.pipeline.config.AuditConfig;
import io.aviary.audit.pipeline.tail.TailHub;
import io.aviary.service.auth.Role;
import io.aviary.service.feed.FeedHub;
import io.aviary.service.problem.ProblemCode;
import io.aviary.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * An organization's audit trail: the listing, exports and the live tail. The organization access
 * filter has already checked that the token belongs to {@code {org}}, and every query is bound to
 * it ({@link Where}), so no answer can hold another organization's events or org-less ones.
 */
@Path("/api/v1/orgs/{org}/audit")
@Tag(name = "audit", description = "Query, export and live tail of the organization's audit trail")
@SecurityRequirement(name = "platform")
@RolesAllowed({Role.ADMIN_NAME, Role.MEMBER_NAME})
public class AuditResource {

  private static final Logger LOG = Logger.getLogger(AuditResource.class);
  private static final String NDJSON = "application/x-ndjson";
  private static final String CSV = "text/csv";
  private static final byte[] EVENTS_OPEN = "{\"events\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEXT_CURSOR = "],\"next_cursor\":".getBytes(StandardCharsets.UTF_8);

  private final EventQueries queries;
  private final TailHub tails;
  private final AuditConfig config;
  private final JsonWebToken jwt;
  private final ObjectMapper json;
  private final Semaphore exports;

  public AuditResource(
      EventQueries queries,
      TailHub tails,
      AuditConfig config,
      JsonWebToken jwt,
      ObjectMapper json) {
    this.queries = queries;
    this.tails = tails;
    this.config = config;
    this.jwt = jwt;
    this.json = json;
    this.exports = new Semaphore(config.audit().api().maxConcurrentExports());
  }

  /** The body of a listing, for the OpenAPI document. */
  @Schema(name = "EventPage")
  public record EventPage(
      @Schema(
              description =
                  "Events, newest first, each exactly as the audit-event v1 schema writes it",
              type = SchemaType.ARRAY,
              implementation = Map.class)
          List<Map<String, Object>> events,
      @Schema(
              description = "Pass as `cursor` for the next page; null on the last page",
              nullable = true)
          String nextCursor) {}

  @GET
  @Path("/events")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "List the organization's audit events, newest first",
      description =
          "Filters combine with AND; `type` may repeat (any of them). Keyset pagination:"
              + " pass `next_cursor` as `cursor` for the next page (ordered by time, then event"
              + " id, both descending). Unknown or invalid parameters are a 400 whose `errors`"
              + " point at `/query/<name>`.")
  @Parameters({
    @Parameter(ref = "type"),
    @Parameter(ref = "from"),
    @Parameter(ref = "to"),
    @Parameter(ref = "client_id"),
    @Parameter(ref = "principal"),
    @Parameter(ref = "topic_prefix"),
    @Parameter(ref = "verdict"),
    @Parameter(ref = "reason"),
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 1000, default 100"),
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of a page")
  })
  @APIResponse(
      responseCode = "200",
      description = "A page of events",
      content = @Content(schema = @Schema(implementation = EventPage.class)))
  @APIResponse(responseCode = "400", description = "An invalid query parameter")
  public Response events(@PathParam("org") String org, @Context UriInfo uri) {
    QueryInput input = new QueryInput(uri.getQueryParameters(), QueryInput.LIST);
    EventFilter filter = input.filter();
    int limit = input.limit();
    Cursor cursor = input.cursor();
    input.check();
    EventQueries.Page page;
    try {
      page = queries.page(org, filter, cursor, limit);
    } catch (SQLException e) {
      throw unavailable(e);
    }
    return Response.ok(pageJson(page), MediaType.APPLICATION_JSON).build();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Same as GET /audit/events",
      description = "The listing at the path of the platform's v1 REST table.")
  @Parameters({
    @Parameter(ref = "type"),
    @Parameter(ref = "from"),
    @Parameter(ref = "to"),
    @Parameter(ref = "client_id"),
    @Parameter(ref = "principal"),
    @Parameter(ref = "topic_prefix"),
    @Parameter(ref = "verdict"),
    @Parameter(ref = "reason"),
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 1000, default 100"),
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of a page")
  })
  @APIResponse(
      responseCode = "200",
      description = "A page of events",
      content = @Content(schema = @Schema(implementation = EventPage.class)))
  public Response list(@PathParam("org") String org, @Context UriInfo uri) {
    return events(org, uri);
  }

  @GET
  @Path("/export")
  @Produces({NDJSON, CSV})
  @Operation(
      summary = "Export the organization's audit events, oldest first",
      description =
          "The listing's filters (no `limit`/`cursor`), streamed from a database cursor: NDJSON"
              + " (`format=ndjson`, default), one event per line exactly as on the wire, or CSV"
              + " (`format=csv`) with the header event_id, time, type, org_id, node_id,"
              + " client_id, principal, topic, action, verdict, reason. At most"
              + " aviary.audit.api.max-concurrent-exports run at once (503 beyond).")
  @Parameters({
    @Parameter(ref = "type"),
    @Parameter(ref = "from"),
    @Parameter(ref = "to"),
    @Parameter(ref = "client_id"),
    @Parameter(ref = "principal"),
    @Parameter(ref = "topic_prefix"),
    @Parameter(ref = "verdict"),
    @Parameter(ref = "reason"),
    @Parameter(name = "format", in = ParameterIn.QUERY, description = "ndjson (default) or csv")
  })
  @APIResponse(responseCode = "200", description = "The export, streamed")
  @APIResponse(responseCode = "400", description = "An invalid query parameter")
  @APIResponse(responseCode = "503", description = "Too many exports running")
  public Response export(@PathParam("org") String org, @Context UriInfo uri) {
    QueryInput input = new QueryInput(uri.getQueryParameters(), QueryInput.EXPORT);
    EventFilter filter = input.filter();
    boolean csv = input.format().equals("csv");
    input.check();
    if (!exports.tryAcquire()) {
      throw new ProblemException(
          ProblemCode.UNAVAILABLE, "Too many exports are running; retry later.");
    }
    String file =
        "audit-" + org + "-" + Instant.now().getEpochSecond() + (csv ? ".csv" : ".ndjson");
    return Response.ok(
            new ExportStream(
                queries, org, filter, csv, config.audit().api().exportFetchSize(), exports))
        .type(csv ? CSV + "; charset=utf-8" : NDJSON)
        .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .build();
  }

  @GET
  @Path("/tail")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Follow the organization's audit events live",
      description =
          "Server-sent events, one per stored event in ingest order: `id: <seq>` and `data:"
              + " <the event JSON as on the wire>`. Takes the listing's match filters (type,"
              + " client_id, principal, topic_prefix, verdict, reason). Without `Last-Event-ID`"
              + " it sends events stored from now on; with it, every event after that id first."
              + " Comment lines every 15 s keep the stream open; it ends when the token expires.")
  @Parameters({
    @Parameter(ref = "type"),
    @Parameter(ref = "client_id"),
    @Parameter(ref = "principal"),
    @Parameter(ref = "topic_prefix"),
    @Parameter(ref = "verdict"),
    @Parameter(ref = "reason")
  })
  @APIResponse(
      responseCode = "200",
      description = "The event stream",
      content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
  public void tail(
      @PathParam("org") String org,
      @Context UriInfo uri,
      @Parameter(description = "Resume after this id (a seq)") @HeaderParam("Last-Event-ID")
          String lastEventId,
      @Context SseEventSink sink,
      @Context Sse sse) {
    QueryInput input = new QueryInput(uri.getQueryParameters(), QueryInput.MATCH);
    EventFilter filter = input.filter();
    input.check();
    long after = FeedHub.position(lastEventId, "Last-Event-ID");
    tails.subscribe(sink, sse, org, filter, after, Instant.ofEpochSecond(jwt.getExpirationTime()));
  }

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Same as GET /audit/tail",
      description = "The live tail at the path of the platform's v1 REST table.")
  @Parameters({
    @Parameter(ref = "type"),
    @Parameter(ref = "client_id"),
    @Parameter(ref = "principal"),
    @Parameter(ref = "topic_prefix"),
    @Parameter(ref = "verdict"),
    @Parameter(ref = "reason")
  })
  public void stream(
      @PathParam("org") String org,
      @Context UriInfo uri,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Context SseEventSink sink,
      @Context Sse sse) {
    tail(org, uri, lastEventId, sink, sse);
  }

  /**
   * The page as JSON. The events are already the wire bytes, so they are copied in as they are
   * rather than decoded to text and encoded again.
   */
  private byte[] pageJson(EventQueries.Page page) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + page.events().size() * 512);
    out.writeBytes(EVENTS_OPEN);
    for (int i = 0; i < page.events().size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(page.events().get(i));
    }
    out.writeBytes(NEXT_CURSOR);
    try {
      out.writeBytes(json.writeValueAsBytes(page.next() == null ? null : page.next().encode()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A cursor is a plain string", e);
    }
    out.write('}');
    return out.toByteArray();
  }

  private static ProblemException unavailable(SQLException e) {
    LOG.warnf("Audit query failed: %s", e.getMessage());
    return new ProblemException(ProblemCode.UNAVAILABLE, "The audit store is not reachable.");
  }
}
