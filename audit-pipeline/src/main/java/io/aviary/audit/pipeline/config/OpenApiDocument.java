package io.aviary.audit.pipeline.config;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's header, its two bearer schemes, and the event filters that the listing,
 * the export and the tail share (operations refer to them by name).
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Aviary audit pipeline",
            version = "1",
            description =
                "The audit trail of an organization: query with filters and keyset pagination,"
                    + " export as NDJSON or CSV, and a live tail as server-sent events. Events are"
                    + " returned exactly as the audit-event v1 schema writes them"
                    + " (audit-events/src/main/resources/io/aviary/audit/event/"
                    + "audit-event-v1.schema.json). Errors are application/problem+json with a"
                    + " stable `type` (urn:aviary:problem:<code>) and, for invalid query"
                    + " parameters, `errors`: [{pointer: \"/query/<name>\", detail}]."),
    components =
        @Components(
            securitySchemes = {
              @SecurityScheme(
                  securitySchemeName = "platform",
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  bearerFormat = "JWT",
                  description = "Platform access token from tenant-api's POST /api/v1/auth/token"),
              @SecurityScheme(
                  securitySchemeName = "internal",
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  description = "The shared internal token (aviary.internal.token)")
            },
            parameters = {
              @Parameter(
                  name = "type",
                  in = ParameterIn.QUERY,
                  description = "Event type; repeatable (any of them)"),
              @Parameter(
                  name = "from",
                  in = ParameterIn.QUERY,
                  description = "Inclusive RFC 3339 instant"),
              @Parameter(
                  name = "to",
                  in = ParameterIn.QUERY,
                  description = "Exclusive RFC 3339 instant"),
              @Parameter(
                  name = "client_id",
                  in = ParameterIn.QUERY,
                  description = "Exact MQTT client id"),
              @Parameter(
                  name = "principal",
                  in = ParameterIn.QUERY,
                  description = "Exact identity (auth failures: username; tenant events: actor)"),
              @Parameter(
                  name = "topic_prefix",
                  in = ParameterIn.QUERY,
                  description = "Topic or filter starts with this (as the client saw it)"),
              @Parameter(name = "verdict", in = ParameterIn.QUERY, description = "allow or deny"),
              @Parameter(name = "reason", in = ParameterIn.QUERY, description = "Exact reason code")
            }))
public class OpenApiDocument extends Application {}
