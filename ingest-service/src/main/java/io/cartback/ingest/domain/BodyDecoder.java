package io.cartback.ingest.domain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns a request body into UTF-8 JSON bytes within a size limit. Gzip is inflated with the limit applied to
 * the inflated size (a gzip bomb stops at limit + 1 bytes). Invalid UTF-8 is refused rather than replaced, so
 * text is stored exactly as the shop sent it or not at all.
 */
public final class BodyDecoder {
    private BodyDecoder() {
    }

    public static byte[] decode(byte[] body, String contentEncoding, int maxBytes) {
        byte[] plain = body;
        String encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "", "identity" -> {
            }
            case "gzip", "x-gzip" -> plain = gunzip(body, maxBytes);
            default -> throw new BodyRejected(415, "unsupported-encoding",
                    "Content-Encoding \"" + contentEncoding + "\" is not supported; send identity or gzip");
        }
        if (plain.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain));
        } catch (CharacterCodingException e) {
            throw new BodyRejected(400, "invalid-utf8", "the body is not valid UTF-8; text must be UTF-8 encoded");
        }
        return plain;
    }

    private static byte[] gunzip(byte[] body, int maxBytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 4 + 64));
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new BodyRejected(400, "invalid-gzip", "Content-Encoding is gzip but the body is not valid gzip data");
        }
    }

    private static BodyRejected tooLarge(int maxBytes) {
        return new BodyRejected(400, "batch-too-large", "the request body exceeds the limit of " + (maxBytes / 1024)
                + " KB (" + maxBytes + " bytes, measured after decompression); split it into smaller batches");
    }

    /** A body that cannot be read at all; {@code type} is the stable problem type. */
    public static final class BodyRejected extends RuntimeException {
        private final int status;
        private final String type;

        public BodyRejected(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }
    }
}
