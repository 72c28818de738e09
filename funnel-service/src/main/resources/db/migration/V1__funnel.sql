-- Every event the funnel applied, per shopper (re-keyed by identity merges). The log journeys and carts are
-- recomputed from, so late, out-of-order and duplicate events give the same answer as in-order ones.
create table shopper_event (
    message_id  text primary key,
    shopper_key text not null,
    at          timestamptz not null,
    payload     jsonb not null
);
create index shopper_event_by_shopper on shopper_event (shopper_key, at);

-- One row per (funnel, shopper session that entered it). rev grows with every write (assigned under an advisory
-- lock so revisions commit in order) so report readers catch up incrementally; deletes are soft for the same reason.
create sequence journey_rev;
create table journey (
    journey_id    text primary key,
    funnel_id     text not null,
    shopper_key   text,
    entered_at    timestamptz not null,
    last_event_at timestamptz not null,
    step_at       bigint[] not null,
    reached       int not null,
    is_excluded   boolean not null,
    device        text,
    channel       text,
    known         boolean not null,
    is_returning  boolean not null,
    reason        text,
    evidence      jsonb,
    deleted       boolean not null default false,
    rev           bigint not null
);
create index journey_by_rev on journey (rev);
create index journey_by_shopper on journey (shopper_key);

-- When a shopper's open cart is due to be abandoned (event time).
create table cart_timer (
    shopper_key text primary key,
    due_at      timestamptz not null
);
create index cart_timer_by_due on cart_timer (due_at);

create table abandonment (
    abandonment_id text primary key,
    shopper_key    text,
    abandoned_at   timestamptz not null,
    stage          text not null,
    reason         text not null,
    cart_value     numeric,
    currency       text,
    payload        jsonb
);
create index abandonment_by_time on abandonment (abandoned_at);
create index abandonment_by_shopper on abandonment (shopper_key);

create table recovery (
    abandonment_id text not null,
    order_id       text not null,
    shopper_key    text,
    ordered_at     timestamptz not null,
    revenue        numeric,
    primary key (abandonment_id, order_id)
);

-- Messages to publish, written in the same transaction as the state that caused them.
create table outbox (
    id         bigserial primary key,
    topic      text not null,
    msg_key    text not null,
    payload    text not null,
    created_at timestamptz not null default now(),
    sent_at    timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;

-- Event-time clock: the newest event time per input partition, the floor pushed by operators/idleness, and
-- how many events arrived too late to be applied.
create table watermark_partition (
    partition_id   int primary key,
    max_event_time timestamptz not null
);
create table watermark_state (
    id          int primary key,
    floor       timestamptz,
    late_events bigint not null default 0
);
insert into watermark_state (id, floor, late_events) values (1, null, 0);

create table funnel_definition (
    id         text primary key,
    body       jsonb not null,
    updated_at timestamptz not null default now()
);

-- Identity merges: an id (anonymousId or userId value, or profile:<id>) now belongs to canonical_key.
create table shopper_alias (
    alias_key     text primary key,
    canonical_key text not null
);
create index shopper_alias_by_canonical on shopper_alias (canonical_key);

-- Which shopper keys belong to which profile (from cdp.profiles.v1), for erasure.
create table profile_key (
    profile_id  text not null,
    shopper_key text not null,
    primary key (profile_id, shopper_key)
);
