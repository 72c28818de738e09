-- Sources own write keys. Keys are stored only as HMAC-SHA256 under the server's pepper.
create table source (
    id             uuid primary key,
    name           text        not null,
    write_key_hash text        not null unique,
    key_hint       text        not null,
    enabled        boolean     not null,
    created_at     timestamptz not null,
    rotated_at     timestamptz
);

-- The dedupe window: (source, messageId) seen and acknowledged by Kafka, with the content fingerprint so a
-- different payload under a known messageId is recognised as a conflict. Rows older than the window are purged.
create table seen_message (
    source_id   uuid        not null,
    message_id  text        not null,
    fingerprint text        not null,
    received_at timestamptz not null,
    primary key (source_id, message_id)
);
create index seen_message_received_at on seen_message (received_at);
