package io.cartback.importer.send;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.cartback.importer.SegmentJson;

/**
 * A small real HTTP server standing in for the ingest API's POST /v1/batch: records every request and answers
 * what the test's {@link Responder} says.
 */
final class RecordingIngest implements AutoCloseable {

    record Request(int number, String authorization, String contentEncoding, JsonNode body) {
        List<String> messageIds() {
            List<String> ids = new ArrayList<>();
            body.get("batch").forEach(e -> ids.add(e.get("messageId").asText()));
            return ids;
        }
    }

    record Answer(int status, String contentType, String body, String retryAfter) {
        static Answer ok() {
            return new Answer(200, "application/json", "{\"success\":true}", null);
        }

        static Answer json(int status, String body) {
            return new Answer(status, status == 200 ? "application/json" : "application/problem+json", body, null);
        }

        static Answer unavailable(String retryAfter) {
            return new Answer(503, "application/problem+json",
                    "{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"Kafka did not acknowledge\"}",
                    retryAfter);
        }
    }

    interface Responder {
        Answer answer(Request request);
    }

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpServer server;
    private final AtomicInteger count = new AtomicInteger();

    RecordingIngest(Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/batch", exchange -> {
            try (exchange) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                InputStream in = new ByteArrayInputStream(raw);
                if ("gzip".equals(encoding)) {
                    in = new GZIPInputStream(in);
                }
                JsonNode body = SegmentJson.MAPPER.readTree(in);
                Request request = new Request(count.incrementAndGet(),
                        exchange.getRequestHeaders().getFirst("Authorization"), encoding, body);
                requests.add(request);
                Answer a = responder.answer(request);
                byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", a.contentType());
                if (a.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", a.retryAfter());
                }
                exchange.sendResponseHeaders(a.status(), out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> receivedIds() {
        List<String> ids = new ArrayList<>();
        synchronized (requests) {
            requests.forEach(r -> ids.addAll(r.messageIds()));
        }
        return ids;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
