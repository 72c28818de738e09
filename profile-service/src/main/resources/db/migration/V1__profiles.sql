-- One row per profile. The profile's content is one JSON document (domain Profile.Data): it is always read and
-- written whole, by one batch at a time, guarded by row_version (optimistic locking across replicas).
create table profile (
    id            text primary key,
    row_version   bigint      not null,
    doc           text,
    merged_into   text,
    erased_at     timestamptz,
    updated_at    timestamptz not null
);
create index profile_merged_into on profile (merged_into) where merged_into is not null;

-- The identity graph: every identifier ("userId:u1", "anonymousId:a", "email:x@y.z", "deviceId:d") points at
-- exactly one profile. The primary key is what makes two replicas unable to give one identifier two owners.
create table identifier (
    key         text primary key,
    id_type     text not null,
    profile_id  text not null
);
create index identifier_profile on identifier (profile_id);

-- Idempotency: every consumed messageId and the profile it touched (a redelivered batch republishes that
-- profile's current snapshot instead of applying the event again). Pruned after the topic's retention.
create table processed_message (
    message_id   text primary key,
    profile_id   text,
    processed_at timestamptz not null
);
create index processed_message_at on processed_message (processed_at);

-- Every merge/relink published on cdp.identity-merges.v1, for republishing after a redelivery.
create table merge_log (
    merge_id             text primary key,
    caused_by_message_id text not null,
    surviving_profile_id text not null,
    payload              text not null,
    created_at           timestamptz not null
);
create index merge_log_cause on merge_log (caused_by_message_id);
create index merge_log_survivor on merge_log (surviving_profile_id);

-- Erased email addresses (SHA-256 of the lower-cased address, never the address itself): a profile that later
-- links such an address is unsubscribed for good.
create table suppression (
    email_hash  text primary key,
    profile_id  text not null,
    erased_at   timestamptz not null
);
