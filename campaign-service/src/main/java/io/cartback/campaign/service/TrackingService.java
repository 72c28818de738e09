package io.cartback.campaign.service;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.campaign.persistence.SendStore;
import io.cartback.contracts.TrackedEvent;
import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Open pixel, click redirect and unsubscribe. Each verifies its signature first; the first open/click of a send and
 * every opt-out become events (through the outbox), with messageIds derived from the send so repeats collapse.
 * Human actions happen now, so these events carry the wall-clock time.
 */
@ApplicationScoped
public class TrackingService {
    private final SendStore sends;
    private final LinkSigner links;
    private final EmailEvents events;
    private final WatermarkService clock;

    public TrackingService(SendStore sends, LinkSigner links, EmailEvents events, WatermarkService clock) {
        this.sends = sends;
        this.links = links;
        this.events = events;
        this.clock = clock;
    }

    /** Returns normally for any request: a pixel must load even when the signature is bad. */
    public Uni<Void> open(long sendId, String signature) {
        if (!links.verify("o|" + sendId, signature)) {
            return Uni.createFrom().voidItem();
        }
        return sends.tracked(sendId).flatMap(t -> {
            if (t == null) {
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.wallNow();
            TrackedEvent e = events.event("cb-email-opened-" + sendId, "Email Opened", t, now, now, Map.of());
            return sends.recordInteraction(sendId, false, now, t.shopperKey(), events.json(e)).replaceWithVoid();
        });
    }

    /** The verified target URL; 400 problem for a bad signature or a host that is not allowed. */
    public Uni<String> click(long sendId, String signature, String target) {
        if (target == null || !links.verify("c|" + sendId + "|" + target, signature)) {
            throw new ProblemException(Problem.of(400, "bad-link", "Bad link", "this link is not valid"));
        }
        if (!links.isAllowed(target)) {
            throw new ProblemException(Problem.of(400, "host-not-allowed", "Bad link",
                    "this link points to a host that is not allowed"));
        }
        return sends.tracked(sendId).flatMap(t -> {
            if (t == null) {
                return Uni.createFrom().item(target);
            }
            Instant now = clock.wallNow();
            TrackedEvent e = events.event("cb-email-clicked-" + sendId, "Email Link Clicked", t, now, now,
                    Map.of("url", target));
            return sends.recordInteraction(sendId, true, now, t.shopperKey(), events.json(e)).replaceWith(target);
        });
    }

    public long verifyUnsubscribe(String token) {
        long sendId = links.verifyUnsubscribe(token, clock.wallNow());
        if (sendId < 0) {
            throw new ProblemException(Problem.of(400, "bad-unsubscribe-token", "Bad link",
                    "this unsubscribe link is not valid or has expired; reply to the email to opt out"));
        }
        return sendId;
    }

    /** Records the opt-out; returns the address (for the confirmation page). Repeating it changes nothing. */
    public Uni<String> unsubscribe(String token) {
        long sendId = verifyUnsubscribe(token);
        return sends.tracked(sendId).flatMap(t -> {
            if (t == null || t.email() == null) {
                throw ProblemException.notFound("this email is no longer known");
            }
            Instant now = clock.wallNow();
            TrackedEvent e = events.event("cb-unsubscribed-" + sendId, "Unsubscribed", t, now, now,
                    Map.of("reason", "unsubscribe_link"));
            return sends.recordUnsubscribe("cb-unsubscribed-" + sendId, t.anonymousId(), t.userId(), t.email(), now,
                    t.shopperKey(), events.json(e)).replaceWith(t.email());
        });
    }
}
