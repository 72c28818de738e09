package io.cartback.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class BodyDecoderTest {

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void plainUtf8PassesUnchanged() {
        byte[] body = "{\"name\":\"שלום 👋\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, BodyDecoder.decode(body, null, 1000));
    }

    @Test
    void gzipIsInflated() throws IOException {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, BodyDecoder.decode(gzip(body), "gzip", 1000));
    }

    @Test
    void gzipBombStopsAtTheLimit() throws IOException {
        byte[] bomb = gzip(new byte[50_000_000]); // ~50 KB compressed, 50 MB inflated
        BodyDecoder.BodyRejected e = assertThrows(BodyDecoder.BodyRejected.class,
                () -> BodyDecoder.decode(bomb, "gzip", 512_000));
        assertEquals(400, e.status());
        assertEquals("batch-too-large", e.type());
    }

    @Test
    void brokenGzipIsABadRequest() {
        assertEquals("invalid-gzip", assertThrows(BodyDecoder.BodyRejected.class,
                () -> BodyDecoder.decode(new byte[] {1, 2, 3}, "gzip", 100)).type());
    }

    @Test
    void invalidUtf8IsRejectedNotReplaced() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertEquals("invalid-utf8", assertThrows(BodyDecoder.BodyRejected.class,
                () -> BodyDecoder.decode(body, null, 100)).type());
    }

    @Test
    void unknownEncodingIs415() {
        assertEquals(415, assertThrows(BodyDecoder.BodyRejected.class,
                () -> BodyDecoder.decode(new byte[1], "br", 100)).status());
    }

    @Test
    void oversizePlainBodyNamesTheLimit() {
        BodyDecoder.BodyRejected e = assertThrows(BodyDecoder.BodyRejected.class,
                () -> BodyDecoder.decode(new byte[512_001], null, 512_000));
        assertEquals("batch-too-large", e.type());
        assertEquals(true, e.getMessage().contains("500 KB"));
    }
}
