package io.aviary.acl.service.config;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's header and its two bearer schemes. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Aviary ACL service",
            version = "1",
            description =
                "ACL v2 policies: templates, validation, versioned storage and activation, the"
                    + " simulator and diffs. JSON is snake_case; errors are"
                    + " application/problem+json with a stable `type`"
                    + " (urn:aviary:problem:<code>) and, for invalid input, `errors`: [{pointer,"
                    + " detail, line, column}] with RFC 6901 JSON pointers."),
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
                  description = "The shared internal token (aviary.internal.token), brokers only")
            }))
public class OpenApiDocument extends Application {}
