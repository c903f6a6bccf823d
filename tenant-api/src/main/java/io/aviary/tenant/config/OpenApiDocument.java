package io.aviary.tenant.config;

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
            title = "Aviary tenant API",
            version = "1",
            description =
                "Organizations, credentials, IdP connections, CAs, quotas and platform tokens."
                    + " JSON is snake_case; errors are application/problem+json with a stable"
                    + " `type` (urn:aviary:problem:<code>) and, for invalid input, `errors`:"
                    + " [{pointer, detail}] with RFC 6901 JSON pointers."),
    components =
        @Components(
            securitySchemes = {
              @SecurityScheme(
                  securitySchemeName = "platform",
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  bearerFormat = "JWT",
                  description = "Platform access token from POST /api/v1/auth/token"),
              @SecurityScheme(
                  securitySchemeName = "internal",
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  description = "The shared internal token (aviary.internal.token), brokers only")
            }))
public class OpenApiDocument extends Application {}
