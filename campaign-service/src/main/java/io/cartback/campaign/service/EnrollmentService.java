package io.cartback.campaign.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cartback.campaign.domain.Abandonment;
import io.cartback.campaign.domain.CampaignDefinition;
import io.cartback.campaign.domain.Holdout;
import io.cartback.campaign.persistence.SendStore;
import io.cartback.campaign.persistence.ShopperStore;
import io.smallrye.mutiny.Uni;

/**
 * An abandonment enrols the cart into every active campaign whose trigger matches and schedules its steps (event
 * time: last cart activity + step delay). Holdout membership is decided here, once, by shopper.
 */
@ApplicationScoped
public class EnrollmentService {
    private static final Logger LOG = Logger.getLogger(EnrollmentService.class);
    private final CampaignService campaigns;
    private final SendStore sends;
    private final ShopperStore shoppers;

    public EnrollmentService(CampaignService campaigns, SendStore sends, ShopperStore shoppers) {
        this.campaigns = campaigns;
        this.sends = sends;
        this.shoppers = shoppers;
    }

    public Uni<List<SendStore.EnrollResult>> enroll(Abandonment a, String triggerJson) {
        if (a.lastActivityAt() == null || a.abandonedAt() == null || a.shopperKey() == null) {
            LOG.warnf("abandonment %s lacks shopperKey/lastActivityAt/abandonedAt; ignored", a.abandonmentId());
            return Uni.createFrom().item(List.of());
        }
        return campaigns.active().flatMap(active -> {
            if (active.isEmpty()) {
                return Uni.createFrom().item(List.<SendStore.EnrollResult>of());
            }
            return shoppers.findProfile(DispatchService.identifiers(a.shopperKey(), a.anonymousId(), a.userId()))
                    .flatMap(profile -> {
                        boolean known = a.userId() != null || (profile != null && profile.email() != null);
                        List<Uni<SendStore.EnrollResult>> work = new ArrayList<>();
                        for (CampaignService.Loaded c : active) {
                            CampaignDefinition def = c.definition();
                            if (!a.matches(def.trigger(), known)) {
                                continue;
                            }
                            String holdoutKey = a.userId() != null ? "user:" + a.userId() : "key:" + a.shopperKey();
                            boolean heldOut = Holdout.isHeldOut(c.id().toString(), holdoutKey,
                                    def.sendRules().holdoutPercent());
                            work.add(sends.enroll(new SendStore.NewEnrollment(c.id(), a.cartKey(), a.abandonmentId(),
                                    a.shopperKey(), a.anonymousId(), a.userId(), a.cartId(), heldOut, triggerJson,
                                    a.lastActivityAt(), a.abandonedAt(),
                                    def.steps().stream().map(CampaignDefinition.Step::delay).toList())));
                        }
                        if (work.isEmpty()) {
                            return Uni.createFrom().item(List.<SendStore.EnrollResult>of());
                        }
                        return Uni.join().all(work).andFailFast();
                    });
        });
    }
}
