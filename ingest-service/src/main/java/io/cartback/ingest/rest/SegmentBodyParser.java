package io.cartback.ingest.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.cartback.kit.problem.ProblemException;

/**
 * Parses tracking bodies into plain maps for the domain. For batches it streams the array so each call's raw
 * size is known (the 32 KB per-event limit is on what the client sent) and one oversize call does not sink the
 * others. Floats are read as BigDecimal so money keeps its exact value; nesting is capped at 64 levels.
 */
@ApplicationScoped
public class SegmentBodyParser {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper mapper = configure(JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build());
    /** For reading items out of a streamed batch: trailing tokens are the rest of the batch there. */
    private final ObjectMapper streaming = configure(JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build());

    private static ObjectMapper configure(ObjectMapper m) {
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(1_000_000).maxNumberLength(100).build());
        return m;
    }

    /** One call of a batch: the parsed object (null when the item is not an object) and its raw size. */
    public record Item(Map<String, Object> call, int rawBytes, String notAnObject) {
    }

    /** A batch body: its items (null when there is no "batch" field) and the batch-level fields. */
    public record Batch(List<Item> items, Map<String, Object> envelope) {
    }

    public Map<String, Object> parseObject(byte[] body) {
        try {
            return mapper.readValue(body, MAP);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    public Batch parseBatch(byte[] body) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        List<Item> items = null;
        try (JsonParser p = streaming.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProblemException.badRequest("malformed-json", "a batch body must be a JSON object with a \"batch\" array");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("batch".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw ProblemException.badRequest("invalid-batch", "\"batch\" must be an array of calls");
                    }
                    items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long start = p.currentTokenLocation().getByteOffset();
                        if (p.currentToken() == JsonToken.START_OBJECT) {
                            Map<String, Object> call = p.readValueAs(MAP);
                            long end = p.currentLocation().getByteOffset();
                            items.add(new Item(call, (int) (end - start), null));
                        } else {
                            Object other = p.readValueAs(Object.class);
                            items.add(new Item(null, 0, other == null ? "null" : other.getClass().getSimpleName()));
                        }
                    }
                } else {
                    envelope.put(field, p.readValueAs(Object.class));
                }
            }
            if (p.nextToken() != null) {
                throw ProblemException.badRequest("malformed-json", "unexpected content after the JSON object");
            }
        } catch (IOException e) {
            throw malformed(e);
        }
        // a missing "batch" is reported after authentication (the write key may be in the envelope)
        return new Batch(items, envelope);
    }

    private static ProblemException malformed(IOException e) {
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                : e.getMessage();
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) {
            message = "the body must be a JSON object";
        }
        return ProblemException.badRequest("malformed-json", "the body is not valid JSON: " + message);
    }
}
