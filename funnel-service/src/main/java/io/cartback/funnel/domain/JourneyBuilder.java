package io.cartback.funnel.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one shopper's events into journeys, deterministically (so late, out-of-order and duplicate events, and
 * merges, are handled by recomputing from the shopper's log).
 *
 * <p>Rules: events are ordered by {@link ShopperEvent#ORDER}. A session ends after {@code sessionGap} without
 * any event. A session with an event matching step 1 is one journey, entered at the first such event. Later
 * events of the same session, up to entry + conversion window, advance the journey one matching step at a time
 * in order; an event may skip optional steps but never a required one; a step repeated is counted once (the
 * first time). Events with identical timestamps are simultaneous: they advance the journey as far as they can in
 * funnel order, whatever their message ids. An exclusion event after entry stops the journey where it is.
 */
public final class JourneyBuilder {
    private final Duration sessionGap;
    private final ReasonRules reasons;

    public JourneyBuilder(Duration sessionGap, ReasonRules reasons) {
        this.sessionGap = sessionGap;
        this.reasons = reasons;
    }

    public Duration sessionGap() {
        return sessionGap;
    }

    /** Splits ordered events into sessions by inactivity. */
    public List<List<ShopperEvent>> sessions(List<ShopperEvent> ordered) {
        List<List<ShopperEvent>> out = new ArrayList<>();
        List<ShopperEvent> cur = null;
        Instant last = null;
        for (ShopperEvent e : ordered) {
            if (cur == null || Duration.between(last, e.at()).compareTo(sessionGap) >= 0) {
                cur = new ArrayList<>();
                out.add(cur);
            }
            cur.add(e);
            last = e.at();
        }
        return out;
    }

    public List<Journey> build(FunnelDefinition funnel, String shopperKey, List<ShopperEvent> events) {
        List<ShopperEvent> ordered = new ArrayList<>(events);
        ordered.sort(ShopperEvent.ORDER);
        List<Journey> out = new ArrayList<>();
        boolean known = false;
        boolean seenEarlierSession = false;
        for (List<ShopperEvent> session : sessions(ordered)) {
            for (ShopperEvent e : session) {
                // known: the shopper has a userId, or told us who they are (an identify, e.g. with an e-mail)
                known |= e.userId() != null || "identify".equals(e.type());
            }
            Journey j = match(funnel, shopperKey, session, known, seenEarlierSession);
            if (j != null) {
                out.add(j);
            }
            seenEarlierSession = true;
        }
        return out;
    }

    private Journey match(FunnelDefinition f, String shopperKey, List<ShopperEvent> session, boolean known,
                          boolean returning) {
        int n = f.size();
        int entry = -1;
        for (int i = 0; i < session.size(); i++) {
            if (f.steps().get(0).matches(session.get(i))) {
                entry = i;
                break;
            }
        }
        if (entry < 0) {
            return null;
        }
        ShopperEvent first = session.get(entry);
        Instant deadline = first.at().plus(f.conversionWindow());
        long[] at = new long[n];
        Arrays.fill(at, Journey.NOT_REACHED);
        at[0] = first.at().toEpochMilli();
        int reached = 0;
        boolean excluded = false;
        // events simultaneous with the entry (sorted before it by message id) still count after it
        int i = entry;
        while (i > 0 && session.get(i - 1).at().equals(first.at())) {
            i--;
        }
        while (i < session.size() && reached < n - 1 && !excluded) {
            // the group of simultaneous events starting at i
            int end = i;
            Instant t = session.get(i).at();
            if (t.isAfter(deadline)) {
                break;
            }
            while (end < session.size() && session.get(end).at().equals(t)) {
                end++;
            }
            boolean progressed = true;
            boolean[] used = new boolean[end - i];
            if (entry >= i && entry < end) {
                used[entry - i] = true;
            }
            while (progressed && reached < n - 1) {
                progressed = false;
                for (int k = i; k < end; k++) {
                    if (used[k - i]) {
                        continue;
                    }
                    int next = advance(f, reached, session.get(k));
                    if (next > reached) {
                        used[k - i] = true;
                        reached = next;
                        at[next] = t.toEpochMilli();
                        progressed = true;
                    }
                }
            }
            for (int k = i; k < end && !excluded; k++) {
                if (!used[k - i] && f.excludes(session.get(k))) {
                    excluded = true;
                }
            }
            i = end;
        }
        ShopperEvent lastEvent = session.get(session.size() - 1);
        String reason = null;
        List<String> evidence = List.of();
        if (reached < n - 1) {
            FunnelDefinition.Step step = f.steps().get(reached);
            ReasonRules.Verdict v = reasons.classify(step.id(), step.label(), session.subList(entry, session.size()));
            reason = v.reason();
            evidence = excluded ? append(v.evidence(), "stopped by an exclusion event") : v.evidence();
        }
        return new Journey(Journey.id(f.id(), shopperKey, session.get(0).at()), f.id(), shopperKey, first.at(),
                lastEvent.at(), at, reached, excluded, first.device(), first.channel(), known, returning, reason,
                evidence);
    }

    private static List<String> append(List<String> l, String s) {
        List<String> out = new ArrayList<>(l);
        out.add(s);
        return out;
    }

    /** The step this event moves the journey to from {@code reached}, skipping optional steps only. */
    static int advance(FunnelDefinition f, int reached, ShopperEvent e) {
        for (int j = reached + 1; j < f.size(); j++) {
            FunnelDefinition.Step s = f.steps().get(j);
            if (s.matches(e)) {
                return j;
            }
            if (!s.optional()) {
                return reached;
            }
        }
        return reached;
    }
}
