package io.aviary.service.change;

import io.aviary.service.feed.FeedHub;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The broker-facing change feed of this service: server-sent events, one per committed change. */
@Path("/internal/v1/changes")
@Tag(name = "internal", description = "Broker-facing API; internal bearer token")
@SecurityRequirement(name = "internal")
public class ChangeFeedResource {

  private final ChangeHub hub;

  public ChangeFeedResource(ChangeHub hub) {
    this.hub = hub;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Stream the changes brokers must follow",
      description =
          "Server-sent events, one per committed change, in `seq` order: `id: <seq>` and"
              + " `data: {\"seq\":..,\"org_id\":..,\"kind\":..,\"created_at\":..}`. The"
              + " service's documentation lists its kinds and what a broker refetches for the"
              + " organization (tenant-api: its broker-config; acl-service: its active policy)."
              + " A subscriber first receives every"
              + " event after `after` (or after the `Last-Event-ID` header, which wins, so"
              + " EventSource reconnects resume), then live events. Without either it receives"
              + " only events committed after it subscribed. Comment lines are sent every 15 s"
              + " as keep-alives.")
  @APIResponse(
      responseCode = "200",
      description = "The event stream",
      content =
          @Content(
              mediaType = MediaType.SERVER_SENT_EVENTS,
              schema = @Schema(implementation = ChangeEvent.class)))
  public void changes(
      @Parameter(description = "Resume after this seq (0: from the beginning)") @QueryParam("after")
          String after,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @Context SseEventSink sink,
      @Context Sse sse) {
    // Last-Event-ID wins, so an EventSource reconnect resumes where it stopped.
    long cursor = FeedHub.position(lastEventId, "Last-Event-ID");
    if (cursor < 0) {
      cursor = FeedHub.position(after, "after");
    }
    hub.subscribe(sink, sse, cursor);
  }
}
