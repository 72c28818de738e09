package io.cartback.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Each record reads its golden JSON and writes it back unchanged (the wire format is pinned), and a message
 * carrying a field from a future version still reads (consumers ignore unknown fields).
 * The mapper is configured as Quarkus configures its ObjectMapper.
 */
class GoldenJsonTest {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static JsonNode golden(String file) throws IOException {
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream("/golden/" + file)) {
            assertNotNull(in, file);
            return MAPPER.readTree(in);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "tracked-event.json, io.cartback.contracts.TrackedEvent",
            "profile-snapshot.json, io.cartback.contracts.ProfileSnapshot",
            "identity-merge.json, io.cartback.contracts.IdentityMerge",
            "checkout-abandoned.json, io.cartback.contracts.CheckoutAbandoned",
            "checkout-recovered.json, io.cartback.contracts.CheckoutRecovered",
            "erased-identifier.json, io.cartback.contracts.ErasedIdentifier"})
    void roundTripsTheGoldenJsonExactly(String file, Class<?> type) throws IOException {
        JsonNode expected = golden(file);
        Object record = MAPPER.treeToValue(expected, type);
        JsonNode written = MAPPER.readTree(MAPPER.writeValueAsBytes(record));
        assertEquals(expected, written, "wire format of " + type.getSimpleName() + " changed");
    }

    @ParameterizedTest
    @CsvSource({
            "tracked-event.json, io.cartback.contracts.TrackedEvent",
            "profile-snapshot.json, io.cartback.contracts.ProfileSnapshot",
            "identity-merge.json, io.cartback.contracts.IdentityMerge",
            "checkout-abandoned.json, io.cartback.contracts.CheckoutAbandoned",
            "checkout-recovered.json, io.cartback.contracts.CheckoutRecovered",
            "erased-identifier.json, io.cartback.contracts.ErasedIdentifier"})
    void toleratesFieldsFromAFutureVersion(String file, Class<?> type) throws IOException {
        ObjectNode future = (ObjectNode) golden(file);
        future.put("fieldAddedInV1_1", "ignored");
        Object record = MAPPER.treeToValue(future, type);
        assertEquals(MAPPER.treeToValue(golden(file), type), record);
    }

    @org.junit.jupiter.api.Test
    void moneyStaysExact() throws IOException {
        TrackedEvent e = MAPPER.treeToValue(golden("tracked-event.json"), TrackedEvent.class);
        assertEquals(new BigDecimal("19.99"), e.commerce().products().get(0).price());
    }
}
