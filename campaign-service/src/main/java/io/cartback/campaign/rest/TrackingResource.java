package io.cartback.campaign.rest;

import java.net.URI;
import java.util.Base64;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.cartback.campaign.service.TrackingService;
import io.smallrye.mutiny.Uni;

/**
 * Public endpoints behind the links in an email: open pixel, click redirect and unsubscribe (a page with a
 * button on GET, since mail scanners fetch links; the opt-out itself on POST, also RFC 8058 one-click).
 */
@Path("/")
@PermitAll
public class TrackingResource {
    private static final byte[] PIXEL = Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private final TrackingService tracking;

    public TrackingResource(TrackingService tracking) {
        this.tracking = tracking;
    }

    @GET
    @Path("t/o/{sendId}/{sig}.gif")
    @Produces("image/gif")
    public Uni<Response> open(@PathParam("sendId") long sendId, @PathParam("sig") String sig) {
        return tracking.open(sendId, sig).onFailure().recoverWithNull()
                .map(x -> Response.ok(PIXEL).header("Cache-Control", "no-store").build());
    }

    @GET
    @Path("t/c/{sendId}/{sig}")
    public Uni<Response> click(@PathParam("sendId") long sendId, @PathParam("sig") String sig,
            @QueryParam("u") String target) {
        return tracking.click(sendId, sig, target)
                .map(url -> Response.status(302).location(URI.create(url)).header("Cache-Control", "no-store").build());
    }

    @GET
    @Path("u/{token}")
    @Produces(MediaType.TEXT_HTML)
    public String unsubscribePage(@PathParam("token") String token) {
        tracking.verifyUnsubscribe(token);
        return """
                <!DOCTYPE html><html><head><meta charset="UTF-8"><title>Unsubscribe</title></head><body>
                <p>Stop receiving these emails?</p>
                <form method="post"><button type="submit">Unsubscribe</button></form>
                </body></html>""";
    }

    @POST
    @Path("u/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<String> unsubscribe(@PathParam("token") String token) {
        return tracking.unsubscribe(token).map(email -> """
                <!DOCTYPE html><html><head><meta charset="UTF-8"><title>Unsubscribed</title></head><body>
                <p>You are unsubscribed. You will not receive these emails any more.</p>
                </body></html>""");
    }
}
