-- erased_identifier doubles as the outbox of cdp.erased-identifiers.v1 (ingest-service drops the calls of erased
-- people from it): a row is published after the erasure commits and marked here once Kafka acknowledged it; a
-- scheduled relay publishes whatever is still unmarked (a crash or Kafka outage after the commit, and every row
-- written before this column existed).
alter table erased_identifier add column published_at timestamptz;
create index erased_identifier_unpublished on erased_identifier (erased_at) where published_at is null;
