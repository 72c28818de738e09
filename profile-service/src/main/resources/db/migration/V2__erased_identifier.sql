-- Every identifier of an erased person (userId, anonymousId, email, deviceId), as HMAC-SHA256 of the identifier
-- key ("email:x@y.z") under cdp.profile.erasure-key: never the identifier itself, and not reversible by hashing
-- guesses without the key. An event that names one is not applied, so an erased person is not profiled again.
-- The older suppression table (unkeyed SHA-256 of erased addresses) is no longer written; its rows are still
-- honoured (a profile linking such an address is unsubscribed).
create table erased_identifier (
    key_hash   text primary key,
    erased_at  timestamptz not null
);
