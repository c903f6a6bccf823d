package io.aviary.tenant.idp;

import io.aviary.identity.Preset;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The provider presets of the identity module, for any signed-in caller. */
@Path("/api/v1/idp-presets")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@SecurityRequirement(name = "platform")
@Tag(name = "idps")
public class IdpPresetResource {

  @GET
  @Operation(
      summary = "IdP presets: the inputs each provider needs",
      description =
          "Every preset with its code, display name, the inputs it asks for (name, label,"
              + " required, example, help) and warnings. POST .../idps with {preset, inputs}"
              + " builds a connection from them.")
  public List<Preset.Description> list() {
    return Preset.catalogue();
  }
}
