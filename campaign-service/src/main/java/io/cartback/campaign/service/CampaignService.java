package io.cartback.campaign.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.campaign.config.CampaignConfig;
import io.cartback.campaign.domain.CampaignDefinition;
import io.cartback.campaign.domain.CampaignStatus;
import io.cartback.campaign.domain.Violation;
import io.cartback.campaign.persistence.CampaignEntity;
import io.cartback.campaign.persistence.CampaignRepository;
import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Campaign CRUD and lifecycle. A campaign only becomes (or stays) active with templates that render. */
@ApplicationScoped
public class CampaignService {
    private final CampaignRepository repository;
    private final TemplateRenderer renderer;
    private final ObjectMapper mapper;
    private final CampaignConfig config;
    private final Pool pool;
    /** The last loaded state per campaign; one entry per campaign, replaced when its version changes. */
    private final Map<UUID, Loaded> cache = new ConcurrentHashMap<>();

    public CampaignService(CampaignRepository repository, TemplateRenderer renderer, ObjectMapper mapper,
            CampaignConfig config, Pool pool) {
        this.repository = repository;
        this.renderer = renderer;
        this.mapper = mapper;
        this.config = config;
        this.pool = pool;
    }

    /** A campaign as the dispatcher and enrolment use it. */
    public record Loaded(UUID id, String name, CampaignStatus status, long version, CampaignSpec spec,
            CampaignDefinition definition) {
    }

    public CampaignDefinition definitionOrThrow(CampaignSpec spec) {
        if (spec == null) {
            throw invalid(List.of(new Violation("body", "a campaign JSON object is required")));
        }
        CampaignSpecs.Result r = CampaignSpecs.toDefinition(spec, config.defaultSender());
        List<Violation> violations = new ArrayList<>(r.violations());
        violations.addAll(renderer.policy(r.definition()));
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return r.definition();
    }

    private static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(Problem.of(400, "invalid-campaign", "Invalid campaign",
                "the campaign has " + violations.size() + " invalid field(s): "
                        + String.join(", ", violations.stream().map(Violation::field).toList()))
                .withErrors(violations.stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList()));
    }

    private void checkTemplates(CampaignDefinition def) {
        List<Violation> v = renderer.check(def);
        if (!v.isEmpty()) {
            throw new ProblemException(Problem.of(422, "template-does-not-render", "Template does not render",
                    "a campaign cannot be active while a template fails to parse or render: "
                            + String.join(", ", v.stream().map(Violation::field).toList()))
                    .withErrors(v.stream().map(x -> new Problem.FieldError(x.field(), x.message())).toList()));
        }
    }

    @WithTransaction
    public Uni<Loaded> create(CampaignSpec spec, boolean activate) {
        CampaignDefinition def = definitionOrThrow(spec);
        if (activate) {
            checkTemplates(def);
        }
        CampaignEntity e = new CampaignEntity();
        e.id = UUID.randomUUID();
        e.name = def.name();
        e.status = (activate ? CampaignStatus.ACTIVE : CampaignStatus.DRAFT).name();
        e.definition = write(spec);
        e.createdAt = Instant.now();
        e.updatedAt = e.createdAt;
        return repository.persist(e).map(this::load);
    }

    @WithSession
    public Uni<Loaded> get(UUID id) {
        return repository.findById(id).map(e -> {
            if (e == null) {
                throw ProblemException.notFound("no campaign " + id);
            }
            return load(e);
        });
    }

    @WithSession
    public Uni<List<Loaded>> list(String status) {
        Uni<List<CampaignEntity>> rows = status == null ? repository.listAllByCreation()
                : repository.listByStatus(parseStatus(status).name());
        return rows.map(l -> l.stream().map(this::load).toList());
    }

    @WithTransaction
    public Uni<Loaded> update(UUID id, CampaignSpec spec) {
        CampaignDefinition def = definitionOrThrow(spec);
        return repository.findById(id).map(e -> {
            if (e == null) {
                throw ProblemException.notFound("no campaign " + id);
            }
            if (CampaignStatus.valueOf(e.status) == CampaignStatus.ARCHIVED) {
                throw ProblemException.conflict("campaign-archived", "an archived campaign cannot be changed");
            }
            if (CampaignStatus.valueOf(e.status) == CampaignStatus.ACTIVE) {
                checkTemplates(def);
            }
            e.name = def.name();
            e.definition = write(spec);
            e.updatedAt = Instant.now();
            return e;
        }).flatMap(e -> repository.flush().map(x -> load(e)));
    }

    @WithTransaction
    public Uni<Loaded> changeStatus(UUID id, String status) {
        CampaignStatus next = parseStatus(status);
        return repository.findById(id).map(e -> {
            if (e == null) {
                throw ProblemException.notFound("no campaign " + id);
            }
            CampaignStatus current = CampaignStatus.valueOf(e.status);
            if (current == next) {
                return e;
            }
            if (!current.canMoveTo(next)) {
                throw ProblemException.conflict("illegal-transition", "a " + current.name().toLowerCase(Locale.ROOT)
                        + " campaign cannot become " + next.name().toLowerCase(Locale.ROOT));
            }
            if (next == CampaignStatus.ACTIVE) {
                checkTemplates(load(e).definition());
            }
            e.status = next.name();
            e.updatedAt = Instant.now();
            return e;
        }).flatMap(e -> repository.flush().map(x -> load(e)));
    }

    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return repository.findById(id).flatMap(e -> {
            if (e == null) {
                throw ProblemException.notFound("no campaign " + id);
            }
            if (CampaignStatus.valueOf(e.status) == CampaignStatus.ACTIVE) {
                throw ProblemException.conflict("campaign-active", "pause or archive an active campaign before deleting it");
            }
            return repository.delete(e);
        });
    }

    /** Active campaigns, read with plain SQL so Kafka consumers need no Hibernate session. */
    public Uni<List<Loaded>> active() {
        return pool.query("select id, name, status, version, definition from campaign where status = 'ACTIVE'")
                .execute().map(rows -> {
                    List<Loaded> out = new ArrayList<>();
                    rows.forEach(r -> out.add(load(r)));
                    return out;
                });
    }

    public Uni<Map<UUID, Loaded>> byIds(Set<UUID> ids) {
        return pool.preparedQuery("select id, name, status, version, definition from campaign where id = any($1)")
                .execute(Tuple.of(ids.toArray(new UUID[0]))).map(rows -> {
                    Map<UUID, Loaded> out = new HashMap<>();
                    rows.forEach(r -> {
                        Loaded l = load(r);
                        out.put(l.id(), l);
                    });
                    return out;
                });
    }

    private Loaded load(Row r) {
        return load(r.getUUID("id"), r.getString("name"), r.getString("status"), r.getLong("version"),
                r.getString("definition"));
    }

    private Loaded load(CampaignEntity e) {
        return load(e.id, e.name, e.status, e.version, e.definition);
    }

    private Loaded load(UUID id, String name, String status, long version, String json) {
        Loaded cached = cache.get(id);
        // every change (spec, name, status) bumps the optimistic-lock version, so id + version names one state
        if (cached != null && cached.version() == version) {
            return cached;
        }
        try {
            CampaignSpec spec = mapper.readValue(json, CampaignSpec.class);
            CampaignSpecs.Result r = CampaignSpecs.toDefinition(spec, config.defaultSender());
            Loaded l = new Loaded(id, name, CampaignStatus.valueOf(status), version, spec, r.definition());
            cache.put(id, l);
            return l;
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored campaign " + id + " is not readable", ex);
        }
    }

    private String write(CampaignSpec spec) {
        try {
            return mapper.writeValueAsString(spec);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static CampaignStatus parseStatus(String status) {
        try {
            return CampaignStatus.valueOf(status == null ? "" : status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(400, "invalid-status", "Bad request",
                    "status must be one of draft, active, paused, archived")
                    .withErrors(List.of(new Problem.FieldError("status", "unknown status '" + status + "'"))));
        }
    }
}
