package io.cartback.ingest.rest;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI metadata: the two credentials this service accepts. */
@OpenAPIDefinition(
        info = @Info(title = "Cartback ingest API", version = "1",
                description = "Segment-compatible tracking API and source administration"),
        components = @Components(securitySchemes = {
                @SecurityScheme(securitySchemeName = "writeKey", type = SecuritySchemeType.HTTP, scheme = "basic",
                        description = "source write key as the user name, empty password"),
                @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
                        description = "CDP_ADMIN_TOKEN")}))
public class IngestApplication extends Application {
}
