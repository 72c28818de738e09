package io.cartback.ingest.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.ingest.config.IngestConfig;
import io.cartback.ingest.domain.Source;
import io.cartback.ingest.domain.WriteKeys;
import io.cartback.ingest.persistence.SourceEntity;
import io.cartback.ingest.persistence.SourceRepository;
import io.cartback.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Sources and their write keys. Resolving a key is on every tracking request, so results (also "unknown") are
 * cached for {@code cdp.ingest.source-cache-ttl}; disabling or rotating a key takes effect on this replica at
 * once and on other replicas within that TTL. When the database cannot be reached, a key resolved within
 * {@code cdp.ingest.source-stale-if-error} keeps its last answer, and other keys fail with {@link Unavailable}
 * (503): tracking goes on through a PostgreSQL outage.
 */
@ApplicationScoped
public class SourceService {
    private final SourceRepository repository;
    private final WriteKeys writeKeys;
    private final long cacheTtlMillis;
    private final long staleIfErrorMillis;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public SourceService(SourceRepository repository, IngestConfig config) {
        this.repository = repository;
        this.writeKeys = new WriteKeys(config.writeKeyPepper());
        this.cacheTtlMillis = config.sourceCacheTtl().toMillis();
        this.staleIfErrorMillis = config.sourceStaleIfError().toMillis();
    }

    /** The source registry (PostgreSQL) cannot be reached and this key has no recent answer: 503. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(Throwable cause) {
            super("the source registry cannot be reached", cause, false, false);
        }
    }

    /** A newly created source with its write key in clear text (the only time it is shown). */
    public record Created(Source source, String writeKey) {
    }

    @WithTransaction
    public Uni<Created> create(String name) {
        String key = WriteKeys.generate();
        SourceEntity e = new SourceEntity();
        e.id = UUID.randomUUID();
        e.name = name;
        e.writeKeyHash = writeKeys.hash(key);
        e.keyHint = WriteKeys.hint(key);
        e.enabled = true;
        e.createdAt = Instant.now(clock);
        return repository.persist(e).map(saved -> new Created(toDomain(saved), key));
    }

    @WithSession
    public Uni<List<Source>> list() {
        return repository.listByCreation().map(all -> all.stream().map(SourceService::toDomain).toList());
    }

    @WithTransaction
    public Uni<Created> rotate(UUID id) {
        return load(id).map(e -> {
            String key = WriteKeys.generate();
            cache.values().removeIf(c -> c.source().filter(s -> s.id().equals(id)).isPresent());
            e.writeKeyHash = writeKeys.hash(key);
            e.keyHint = WriteKeys.hint(key);
            e.rotatedAt = Instant.now(clock);
            return new Created(toDomain(e), key);
        });
    }

    @WithTransaction
    public Uni<Source> setEnabled(UUID id, boolean enabled) {
        return load(id).map(e -> {
            e.enabled = enabled;
            cache.values().removeIf(c -> c.source().filter(s -> s.id().equals(id)).isPresent());
            return toDomain(e);
        });
    }

    /** The enabled source owning this key, or empty (unknown or disabled key). */
    public Uni<Optional<Source>> resolve(String writeKey) {
        if (writeKey == null || writeKey.isEmpty() || writeKey.length() > 200) {
            return Uni.createFrom().item(Optional.empty());
        }
        String hash = writeKeys.hash(writeKey);
        long now = clock.millis();
        Cached cached = cache.get(hash);
        if (cached != null && cached.expiresAt() > now) {
            return Uni.createFrom().item(cached.source().filter(Source::enabled));
        }
        return lookup(hash).map(found -> {
            if (cache.size() > 10_000) {
                cache.clear(); // bounded: a flood of random keys cannot grow memory
            }
            // disabled sources are cached as found, so enabling/rotating can evict them by id
            cache.put(hash, new Cached(found, now + cacheTtlMillis));
            return found.filter(Source::enabled);
        }).onFailure().recoverWithUni(e -> {
            // the database is unreachable: the last answer for this key, if recent, else 503
            if (cached != null && cached.source().isPresent() && cached.expiresAt() - cacheTtlMillis + staleIfErrorMillis > now) {
                return Uni.createFrom().item(cached.source().filter(Source::enabled));
            }
            return Uni.createFrom().failure(new Unavailable(e));
        });
    }

    private Uni<Optional<Source>> lookup(String hash) {
        return Panache.withSession(() -> repository.findByKeyHash(hash)
                .map(e -> Optional.ofNullable(e).map(SourceService::toDomain)));
    }

    private Uni<SourceEntity> load(UUID id) {
        return repository.findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("no source with id " + id));
    }

    private static Source toDomain(SourceEntity e) {
        return new Source(e.id, e.name, e.keyHint, e.enabled, e.createdAt, e.rotatedAt);
    }

    private record Cached(Optional<Source> source, long expiresAt) {
    }
}
