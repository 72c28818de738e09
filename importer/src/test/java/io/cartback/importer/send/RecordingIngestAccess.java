package io.cartback.importer.send;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Lets tests in other packages use {@link RecordingIngest}. */
public final class RecordingIngestAccess implements AutoCloseable {
    private final RecordingIngest ingest;

    private RecordingIngestAccess(RecordingIngest ingest) {
        this.ingest = ingest;
    }

    public static RecordingIngestAccess accepting() throws IOException {
        return new RecordingIngestAccess(new RecordingIngest(r -> RecordingIngest.Answer.ok()));
    }

    public static RecordingIngestAccess refusingWriteKey() throws IOException {
        return new RecordingIngestAccess(new RecordingIngest(r -> RecordingIngest.Answer.json(401,
                "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"unknown write key\"}")));
    }

    public URI uri() {
        return ingest.uri();
    }

    public List<String> receivedIds() {
        return ingest.receivedIds();
    }

    /** Received calls in request order (use --concurrency 1 for a meaningful order). */
    public List<JsonNode> receivedCalls() {
        List<JsonNode> calls = new ArrayList<>();
        synchronized (ingest.requests) {
            ingest.requests.stream().sorted((a, b) -> Integer.compare(a.number(), b.number()))
                    .forEach(r -> r.body().get("batch").forEach(calls::add));
        }
        return calls;
    }

    public List<String> authorizations() {
        synchronized (ingest.requests) {
            return ingest.requests.stream().map(RecordingIngest.Request::authorization).toList();
        }
    }

    @Override
    public void close() {
        ingest.close();
    }
}
