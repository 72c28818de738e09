package io.cartback.ingest.rest;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.cartback.ingest.config.IngestConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses a tracking request whose declared length is already over the batch limit before its body is read, so
 * the client gets a problem+json naming the limit instead of a bare 413 or a reset connection. Installed as the
 * first route (before Quarkus's own body-size guard). Gzip never shrinks a body that inflates to under the limit
 * into one that is over it, so the check is safe for compressed bodies too.
 */
@Singleton
public class BodySizeFilter {
    private final IngestConfig config;

    public BodySizeFilter(IngestConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(Integer.MIN_VALUE).handler(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared = -1;
            if (length != null) {
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    declared = Long.MAX_VALUE;
                }
            }
            if (declared > config.maxBatchBytes() + 1024L) {
                String body = "{\"type\":\"urn:cartback:problem:batch-too-large\",\"title\":\"Bad request\",\"status\":400,"
                        + "\"detail\":\"the request body (Content-Length " + length.trim().replaceAll("[^0-9]", "")
                        + ") exceeds the limit of 500 KB (" + config.maxBatchBytes()
                        + " bytes); split it into smaller batches\"}";
                rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close").end(body);
                return;
            }
            rc.next();
        });
    }
}
