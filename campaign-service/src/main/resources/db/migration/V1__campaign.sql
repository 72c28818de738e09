-- Campaign definitions (the API's JSON, validated on write) and their lifecycle.
create table campaign (
    id          uuid primary key,
    name        text        not null,
    status      text        not null,
    definition  text        not null,
    version     bigint      not null default 0,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

-- Latest profile snapshot per profile id (cdp.profiles.v1), erasure kept as a sticky flag.
create table profile (
    profile_id  text primary key,
    version     bigint      not null,
    erased      boolean     not null default false,
    email       text,
    snapshot    text,
    updated_at  timestamptz
);

-- anonymousId:x / userId:y / email:z -> profile id; the newest snapshot that names an identifier owns it.
create table profile_identifier (
    identifier  text primary key,
    profile_id  text not null
);
create index profile_identifier_profile on profile_identifier (profile_id);

-- The few facts from cdp.events.v1 the send-time re-check needs: orders, unsubscribes, cart changes, discounts.
create table shopper_event (
    message_id   text primary key,
    kind         text        not null,
    anonymous_id text,
    user_id      text,
    email        text,
    event_time   timestamptz not null,
    cart_id      text,
    order_id     text,
    revenue      numeric,
    currency     text,
    discount     numeric
);
create index shopper_event_anon on shopper_event (anonymous_id, kind, event_time);
create index shopper_event_user on shopper_event (user_id, kind, event_time);
create index shopper_event_email on shopper_event (email, kind, event_time);

-- Orders funnel-service linked to an abandonment (cdp.checkouts-recovered.v1).
create table recovery (
    order_id       text primary key,
    abandonment_id text,
    cart_id        text,
    revenue        numeric,
    currency       text,
    ordered_at     timestamptz not null
);
create index recovery_abandonment on recovery (abandonment_id);
create index recovery_cart on recovery (cart_id);

-- One enrolment per cart per campaign: the first half of the exactly-once guarantee.
create table enrollment (
    id               bigserial primary key,
    campaign_id      uuid        not null references campaign (id) on delete cascade,
    cart_key         text        not null,
    abandonment_id   text        not null,
    shopper_key      text        not null,
    anonymous_id     text,
    user_id          text,
    cart_id          text,
    holdout          boolean     not null,
    trigger          text        not null,
    last_activity_at timestamptz not null,
    abandoned_at     timestamptz not null,
    created_at       timestamptz not null default now(),
    unique (campaign_id, cart_key)
);

-- One row per cart per campaign step: the second half. State machine:
-- PENDING -> CLAIMED (lease) -> SENDING -> SENT, or -> SUPPRESSED / HELD_OUT / FAILED;
-- CLAIMED past its lease -> PENDING (nothing was sent); SENDING past its lease -> UNKNOWN (never re-sent).
create table send (
    id              bigserial primary key,
    enrollment_id   bigint      not null references enrollment (id) on delete cascade,
    campaign_id     uuid        not null,
    step_index      int         not null,
    cart_key        text        not null,
    holdout         boolean     not null,
    due_at          timestamptz not null,
    state           text        not null,
    reason          text,
    quiet_deferrals int         not null default 0,
    cart_deferrals  int         not null default 0,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    lease_until     timestamptz,
    email           text,
    sent_at         timestamptz,
    sent_wall_at    timestamptz,
    last_error      text,
    opened_at       timestamptz,
    clicked_at      timestamptz,
    unique (campaign_id, cart_key, step_index)
);
create index send_due on send (due_at) where state = 'PENDING';
create index send_lease on send (lease_until) where state in ('CLAIMED', 'SENDING');
create index send_address on send (email, sent_at) where state = 'SENT';
create index send_enrollment on send (enrollment_id);

-- Events to publish to cdp.events.v1, written in the same transaction as the state they report.
create table outbox (
    id         bigserial primary key,
    msg_key    text        not null,
    payload    text        not null,
    created_at timestamptz not null default now()
);

create table watermark (
    id    int primary key,
    value timestamptz not null
);
