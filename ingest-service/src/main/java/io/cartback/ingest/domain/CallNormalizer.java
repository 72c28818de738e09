package io.cartback.ingest.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.TrackedEvent;

/**
 * Validates one Segment tracking call (already parsed to maps) and turns it into the event downstream sees.
 *
 * <p>Rules: the type is known; track has a non-empty {@code event}; group has {@code groupId}; alias has a usable
 * {@code userId} and {@code previousId}; every call has a usable {@code userId} or {@code anonymousId} (junk values
 * are dropped, see {@link JunkIds}); ids are strings or whole numbers; {@code properties}, {@code traits},
 * {@code context} are objects; timestamps are ISO-8601 with a zone; e-commerce numbers are normalised by
 * {@link CommerceReader}. All errors of a call are reported together.
 */
public final class CallNormalizer {
    public static final Set<String> TYPES = Set.of("track", "identify", "page", "screen", "group", "alias");
    private static final int MAX_ID_LENGTH = 256;

    private final Supplier<String> messageIds;

    public CallNormalizer(Supplier<String> messageIds) {
        this.messageIds = messageIds;
    }

    /**
     * @param endpointType the type named by the URL ({@code /v1/track}), or null for a batch item, which must say
     *                     its own {@code type}
     */
    public CallOutcome normalize(Map<String, Object> call, String endpointType, RequestFacts request) {
        List<FieldError> errors = new ArrayList<>();
        String type = endpointType != null ? endpointType : stringField(call, "type", errors);
        if (type == null) {
            errors.add(new FieldError("type", "is required in a batch item (track, identify, page, screen, group, alias)"));
        } else if (!TYPES.contains(type)) {
            errors.add(new FieldError("type", "must be one of track, identify, page, screen, group, alias; got \""
                    + abbreviate(type) + "\""));
        }
        String messageId = id(call, "messageId", errors);
        String userId = id(call, "userId", errors);
        String anonymousId = id(call, "anonymousId", errors);
        String previousId = id(call, "previousId", errors);
        String groupId = id(call, "groupId", errors);
        String event = stringField(call, "event", errors);
        String name = stringField(call, "name", errors);
        Map<String, Object> properties = object(call, "properties", errors);
        Map<String, Object> traits = object(call, "traits", errors);
        Map<String, Object> context = object(call, "context", errors);

        if ("track".equals(type) && (event == null || event.isBlank())) {
            errors.add(new FieldError("event", "is required for track (the name of the action, e.g. \"Product Added\")"));
        }
        if ("group".equals(type) && groupId == null) {
            errors.add(new FieldError("groupId", "is required for group"));
        }
        if ("alias".equals(type)) {
            if (previousId == null) {
                errors.add(new FieldError("previousId", "is required for alias and must be a real id"));
            }
            if (userId == null) {
                errors.add(new FieldError("userId", "is required for alias and must be a real id"));
            }
        } else if (userId == null && anonymousId == null) {
            errors.add(new FieldError("userId", "a usable userId or anonymousId is required; junk values such as "
                    + "\"null\", \"undefined\", \"0\", \"\", \"anonymous\", -1 are not ids"));
        }
        if ("identify".equals(type) && traits == null && context != null && context.get("traits") instanceof Map<?, ?>) {
            traits = castMap(context.get("traits"));
        }

        Instant original = timestamp(call.containsKey("originalTimestamp") ? call.get("originalTimestamp")
                : call.get("timestamp"), call.containsKey("originalTimestamp") ? "originalTimestamp" : "timestamp", errors);
        Instant sentAt = timestamp(call.containsKey("sentAt") ? call.get("sentAt") : request.batchSentAt(), "sentAt", errors);

        Commerce commerce = null;
        if ("track".equals(type) && CommerceReader.isCommerceEvent(event)) {
            commerce = CommerceReader.read(event, properties == null ? Map.of() : properties, errors);
        }
        if (!errors.isEmpty()) {
            return new CallOutcome.Rejected(messageId, errors.get(0).field().startsWith("properties")
                    ? "invalid_property" : "invalid_call", List.copyOf(errors));
        }

        Map<String, Object> enriched = enrichContext(context, request);
        String shopperKey = anonymousId != null ? anonymousId : userId;
        TrackedEvent tracked = new TrackedEvent(
                messageId != null ? messageId : messageIds.get(), type, event, name, userId, anonymousId, previousId,
                groupId, shopperKey, Timestamps.eventTime(original, sentAt, request.receivedAt()), original, sentAt,
                request.receivedAt(), request.sourceId(), commerce, properties, traits, enriched);
        return new CallOutcome.Accepted(tracked, fingerprint(type, event, name, userId, anonymousId, previousId,
                groupId, original, properties, traits));
    }

    private Map<String, Object> enrichContext(Map<String, Object> context, RequestFacts request) {
        Map<String, Object> base = context != null ? context : request.batchContext();
        Map<String, Object> out = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
        if (!out.containsKey("ip") && request.ip() != null) {
            out.put("ip", request.ip());
        }
        if (!out.containsKey("userAgent") && request.userAgent() != null) {
            out.put("userAgent", request.userAgent());
        }
        return out;
    }

    private static String id(Map<String, Object> call, String field, List<FieldError> errors) {
        Object v = call.get(field);
        String id;
        if (v == null) {
            return null;
        } else if (v instanceof String s) {
            id = s;
        } else if (v instanceof Number n && !(v instanceof BigDecimal d && d.stripTrailingZeros().scale() > 0)) {
            id = n instanceof BigDecimal d ? d.toBigInteger().toString() : n.toString();
        } else {
            errors.add(new FieldError(field, "must be a string, got " + JsonTypes.name(v)));
            return null;
        }
        if (id.length() > MAX_ID_LENGTH) {
            errors.add(new FieldError(field, "must be at most " + MAX_ID_LENGTH + " characters"));
            return null;
        }
        return JunkIds.isJunk(id) ? null : id;
    }

    private static String stringField(Map<String, Object> call, String field, List<FieldError> errors) {
        Object v = call.get(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        errors.add(new FieldError(field, "must be a string, got " + JsonTypes.name(v)));
        return null;
    }

    private static Map<String, Object> object(Map<String, Object> call, String field, List<FieldError> errors) {
        Object v = call.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?>) {
            return castMap(v);
        }
        errors.add(new FieldError(field, "must be an object, got " + JsonTypes.name(v)));
        return null;
    }

    private static Instant timestamp(Object v, String field, List<FieldError> errors) {
        try {
            return Timestamps.parse(v, field);
        } catch (Numbers.NumberRejected e) {
            errors.add(new FieldError(e.field(), e.getMessage()));
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object v) {
        return (Map<String, Object>) v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Content identity of a call, independent of delivery (sentAt, context, writeKey) and of key order. */
    static String fingerprint(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            canonical(part, sb);
            sb.append('\u0001');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void canonical(Object v, StringBuilder sb) {
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            new TreeMap<>(castMap(m)).forEach((k, val) -> {
                sb.append(k).append(':');
                canonical(val, sb);
                sb.append(',');
            });
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            l.forEach(item -> {
                canonical(item, sb);
                sb.append(',');
            });
            sb.append(']');
        } else if (v instanceof BigDecimal d) {
            sb.append(d.stripTrailingZeros().toPlainString());
        } else {
            sb.append(v);
        }
    }
}
