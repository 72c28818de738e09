package io.cartback.campaign.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.campaign.domain.CampaignDefinition;
import io.cartback.campaign.domain.Violation;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

/**
 * Renders a step with Qute. The built-in templates (templates/default-step.*) are type-checked at build time
 * against {@link EmailView}; a marketer's own templates are parsed at runtime (HTML with escaping) and checked by
 * rendering a sample at activation, because strict rendering makes any unknown expression fail.
 */
@ApplicationScoped
public class TemplateRenderer {
    private final Engine engine;
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    public TemplateRenderer(Engine engine) {
        this.engine = engine;
    }

    public record Rendered(String subject, String html, String text) {
    }

    public Rendered render(CampaignDefinition def, int stepIndex, EmailView view) {
        CampaignDefinition.Step step = def.steps().get(stepIndex);
        String subject = template(step.subject(), Variant.TEXT_PLAIN).data("email", view).render()
                .replaceAll("[\\r\\n]+", " ").strip();
        String html = (step.html() == null ? engine.getTemplate("default-step.html")
                : template(step.html(), Variant.TEXT_HTML)).data("email", view).render();
        String text = (step.text() == null ? engine.getTemplate("default-step.txt")
                : template(step.text(), Variant.TEXT_PLAIN)).data("email", view).render();
        return new Rendered(subject, html, text);
    }

    private Template template(String content, String contentType) {
        return parsed.computeIfAbsent(contentType + "\u0000" + content,
                k -> engine.parse(content, Variant.forContentType(contentType)));
    }

    /** Parses and renders every step with a sample cart; each failure is a violation naming the field. */
    public List<Violation> check(CampaignDefinition def) {
        List<Violation> v = new ArrayList<>();
        EmailView sample = sample(def);
        for (int i = 0; i < def.steps().size(); i++) {
            CampaignDefinition.Step s = def.steps().get(i);
            check(v, "steps[" + i + "].subject", s.subject(), Variant.TEXT_PLAIN, sample);
            check(v, "steps[" + i + "].html", s.html(), Variant.TEXT_HTML, sample);
            check(v, "steps[" + i + "].text", s.text(), Variant.TEXT_PLAIN, sample);
        }
        return v;
    }

    private void check(List<Violation> v, String field, String content, String type, EmailView sample) {
        if (content == null) {
            return;
        }
        try {
            engine.parse(content, Variant.forContentType(type)).data("email", sample).render();
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            v.add(new Violation(field, "template does not render: " + firstLine(msg)));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    /** A sample the template check and the preview without a profile use. */
    public static EmailView sample(CampaignDefinition def) {
        return new EmailView("Alex", def.name(), 1,
                List.of(new EmailView.Line("Sample T-shirt", 2, "$19.99", "$39.98", "https://shop.example.com/p/1",
                        null)),
                0, "https://shop.example.com/cart", "$39.98", def.offer() != null, false, "$75.00", "$35.02",
                List.of(new EmailView.Product("Sample hoodie", "$45.00", "https://shop.example.com/p/2", null, true)),
                "https://cdp.example.com/u/sample", "https://cdp.example.com/t/o/sample.gif");
    }


}
