package io.cartback.importer.send;

/** One call ready to send: its JSON bytes plus what the sender needs without parsing them again. */
public record Outgoing(String messageId, String shopperKey, byte[] json) {
}
