package io.aviary.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The app's own routes answer with its page, so a reload or a shared link of {@code /start} works;
 * the app then shows the route. Only the routes the app has: anything else is a 404.
 */
@Path("/")
public class SpaPages {
  private static final String INDEX = "META-INF/resources/index.html";
  private final byte[] index = load();

  @GET
  @Path(
      "{page: signup|login|start|keys|idps|members|policies|sessions|audit|service-accounts|certificates|invite}")
  @Produces(MediaType.TEXT_HTML)
  public Response page() {
    return Response.ok(index).header("Cache-Control", "no-cache").build();
  }

  /**
   * Where the platform's OIDC provider sends the browser back: the app's page, which takes code and
   * state out of the address bar and hands them to the edge.
   */
  @GET
  @Path("login/callback")
  @Produces(MediaType.TEXT_HTML)
  public Response callback() {
    return page();
  }

  private static byte[] load() {
    try (InputStream in = SpaPages.class.getClassLoader().getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException(INDEX + " is missing: the app was not built (npm)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
