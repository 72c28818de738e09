package io.cartback.ingest.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SegmentBodyParserTest {
    private final SegmentBodyParser parser = new SegmentBodyParser();

    @Test
    void batchItemsKeepTheirRawSizeAndEnvelopeFields() {
        String item0 = "{\"type\":\"track\",\"event\":\"E\",\"properties\":{\"price\":19.99}}";
        String body = "{\"sentAt\":\"2026-12-03T12:00:05Z\",\"batch\":[" + item0 + ",7,{\"a\":[1,{\"b\":2}]}],\"writeKey\":\"k\"}";
        SegmentBodyParser.Batch batch = parser.parseBatch(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, batch.items().size());
        assertEquals(item0.length(), batch.items().get(0).rawBytes());
        assertEquals(new BigDecimal("19.99"), ((java.util.Map<?, ?>) batch.items().get(0).call().get("properties")).get("price"));
        assertNull(batch.items().get(1).call());
        assertEquals("{\"a\":[1,{\"b\":2}]}".length(), batch.items().get(2).rawBytes());
        assertEquals("k", batch.envelope().get("writeKey"));
        assertEquals("2026-12-03T12:00:05Z", batch.envelope().get("sentAt"));
    }
}
