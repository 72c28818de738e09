package io.cartback.ingest.domain;

import java.util.List;
import java.util.Map;

/** Names the JSON type of a parsed value, for error messages. */
final class JsonTypes {
    private JsonTypes() {
    }

    static String name(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return "an unsupported value";
    }
}
