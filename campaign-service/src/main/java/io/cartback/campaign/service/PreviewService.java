package io.cartback.campaign.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.campaign.domain.CampaignDefinition;
import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemException;
import io.cartback.kit.text.TextRules;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/** Renders a step for a profile (or a sample shopper) without sending; test sends go to a given address only. */
@ApplicationScoped
public class PreviewService {
    private final CampaignService campaigns;
    private final DispatchService dispatch;
    private final TemplateRenderer renderer;
    private final ReactiveMailer mailer;

    public PreviewService(CampaignService campaigns, DispatchService dispatch, TemplateRenderer renderer,
            ReactiveMailer mailer) {
        this.campaigns = campaigns;
        this.dispatch = dispatch;
        this.renderer = renderer;
        this.mailer = mailer;
    }

    public Uni<TemplateRenderer.Rendered> preview(UUID campaignId, int step, String profileId) {
        return campaigns.get(campaignId).flatMap(c -> render(c, step, profileId));
    }

    public Uni<TemplateRenderer.Rendered> testSend(UUID campaignId, int step, String profileId, String to) {
        if (to == null || TextRules.problem(to, 254, false) != null || !to.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
            throw new ProblemException(Problem.of(400, "invalid-address", "Bad request", "to must be an email address")
                    .withErrors(List.of(new Problem.FieldError("to", "must be an email address"))));
        }
        return campaigns.get(campaignId).flatMap(c -> render(c, step, profileId).flatMap(r -> mailer
                .send(dispatch.mail(c.definition(), to, new TemplateRenderer.Rendered("[TEST] " + r.subject(),
                        r.html(), r.text()), null))
                .replaceWith(r)));
    }

    private Uni<TemplateRenderer.Rendered> render(CampaignService.Loaded c, int step, String profileId) {
        CampaignDefinition def = c.definition();
        if (step < 0 || step >= def.steps().size()) {
            throw new ProblemException(Problem.of(400, "invalid-step", "Bad request",
                    "step must be between 0 and " + (def.steps().size() - 1))
                    .withErrors(List.of(new Problem.FieldError("step", "no such step"))));
        }
        String badId = TextRules.problem(profileId, 500, false);
        if (badId != null) {
            throw new ProblemException(Problem.of(400, "invalid-profile-id", "Bad request", "profileId " + badId)
                    .withErrors(List.of(new Problem.FieldError("profileId", badId))));
        }
        List<String> problems = renderer.check(def).stream().map(v -> v.field() + ": " + v.message()).toList();
        if (!problems.isEmpty()) {
            throw new ProblemException(Problem.of(422, "template-does-not-render", "Template does not render",
                    String.join("; ", problems)));
        }
        if (profileId == null) {
            return Uni.createFrom().item(render(def, step, sampleView(def, c.name(), step)));
        }
        return dispatch.contextForProfile(def, profileId).map(ctx -> {
            if (ctx == null) {
                throw ProblemException.notFound("no profile " + profileId);
            }
            return render(def, step, dispatch.view(def, c.name(), step, ctx, 0, null));
        });
    }

    /** The sample rendered; this shopper's data may still break a template (an index past the cart's end). */
    private TemplateRenderer.Rendered render(CampaignDefinition def, int step, EmailView view) {
        try {
            return renderer.render(def, step, view);
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(422, "template-does-not-render", "Template does not render",
                    "the template does not render for this shopper: " + TemplateRenderer.describe(e)));
        }
    }

    private EmailView sampleView(CampaignDefinition def, String name, int step) {
        EmailView s = TemplateRenderer.sample(def);
        return new EmailView(s.firstName(), name, step + 1, s.lines(), s.moreLines(), s.cartUrl(), s.subtotal(),
                s.offerShown(), s.freeShipping(), s.threshold(), s.missing(), s.recommendations(), s.unsubscribeUrl(),
                s.openPixelUrl());
    }
}
