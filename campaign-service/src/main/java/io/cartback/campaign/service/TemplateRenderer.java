package io.cartback.campaign.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.campaign.domain.CampaignDefinition;
import io.cartback.campaign.domain.Violation;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

/**
 * Renders a step with Qute. The built-in templates (templates/default-step.*) are type-checked at build time
 * against {@link EmailView}; a marketer's own templates are parsed at runtime (HTML with escaping), must keep to
 * {@link TemplatePolicy} (checked at save and again before every rendering) and are checked by rendering a sample
 * at activation, because strict rendering makes any unknown expression fail. Every rendering is capped in size.
 */
@ApplicationScoped
public class TemplateRenderer {
    /** Output cap per part of an email; Gmail clips at 102 KB, so this is far above any real email. */
    static final int MAX_OUTPUT = 512 * 1024;
    private static final int MAX_CACHED = 1000;
    private final Engine engine;
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    public TemplateRenderer(Engine engine) {
        this.engine = engine;
    }

    public record Rendered(String subject, String html, String text) {
    }

    /** A template that does not parse, breaks {@link TemplatePolicy}, fails on this data or renders too much. */
    public static class RenderFailed extends RuntimeException {
        public RenderFailed(String message) {
            super(message, null, false, false);
        }
    }

    public Rendered render(CampaignDefinition def, int stepIndex, EmailView view) {
        CampaignDefinition.Step step = def.steps().get(stepIndex);
        String subject = bounded(template(def, step.subject(), Variant.TEXT_PLAIN), view)
                .replaceAll("[\\r\\n]+", " ").strip();
        String html = bounded(step.html() == null ? engine.getTemplate("default-step.html")
                : template(def, step.html(), Variant.TEXT_HTML), view);
        String text = bounded(step.text() == null ? engine.getTemplate("default-step.txt")
                : template(def, step.text(), Variant.TEXT_PLAIN), view);
        return new Rendered(subject, html, text);
    }

    private Template template(CampaignDefinition def, String content, String contentType) {
        if (parsed.size() > MAX_CACHED) {
            parsed.clear(); // previews of many drafts must not grow the cache without end
        }
        Template t = parsed.computeIfAbsent(contentType + "\u0000" + content,
                k -> engine.parse(content, Variant.forContentType(contentType)));
        List<String> refused = TemplatePolicy.problems(t, def.maxLines(), def.recommendations());
        if (!refused.isEmpty()) {
            throw new RenderFailed("template refused: " + String.join("; ", refused));
        }
        return t;
    }

    /** Renders into a buffer that refuses to grow past {@link #MAX_OUTPUT}. */
    private static String bounded(Template template, EmailView view) {
        StringBuilder out = new StringBuilder();
        try {
            template.data("email", view).consume(chunk -> {
                if (out.length() + chunk.length() > MAX_OUTPUT) {
                    throw new RenderFailed("the rendering is larger than " + MAX_OUTPUT / 1024 + " KB");
                }
                out.append(chunk);
            }).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (StackOverflowError e) {
            throw new RenderFailed("the template nests too deeply");
        }
        return out.toString();
    }

    /** Save-time check: templates that parse must keep to {@link TemplatePolicy}; each breach names the field. */
    public List<Violation> policy(CampaignDefinition def) {
        List<Violation> v = new ArrayList<>();
        for (int i = 0; i < def.steps().size(); i++) {
            CampaignDefinition.Step s = def.steps().get(i);
            policy(v, def, "steps[" + i + "].subject", s.subject(), Variant.TEXT_PLAIN);
            policy(v, def, "steps[" + i + "].html", s.html(), Variant.TEXT_HTML);
            policy(v, def, "steps[" + i + "].text", s.text(), Variant.TEXT_PLAIN);
        }
        return v;
    }

    private void policy(List<Violation> v, CampaignDefinition def, String field, String content, String type) {
        if (content == null) {
            return;
        }
        Template t;
        try {
            t = engine.parse(content, Variant.forContentType(type));
        } catch (RuntimeException | StackOverflowError e) {
            return; // a draft may hold a template that does not parse yet; activation refuses it (check)
        }
        for (String problem : TemplatePolicy.problems(t, def.maxLines(), def.recommendations())) {
            v.add(new Violation(field, "template " + problem));
        }
    }

    /** Parses and renders every step with a sample cart; each failure is a violation naming the field. */
    public List<Violation> check(CampaignDefinition def) {
        List<Violation> v = new ArrayList<>();
        EmailView sample = sample(def);
        for (int i = 0; i < def.steps().size(); i++) {
            CampaignDefinition.Step s = def.steps().get(i);
            check(v, def, "steps[" + i + "].subject", s.subject(), Variant.TEXT_PLAIN, sample);
            check(v, def, "steps[" + i + "].html", s.html(), Variant.TEXT_HTML, sample);
            check(v, def, "steps[" + i + "].text", s.text(), Variant.TEXT_PLAIN, sample);
        }
        return v;
    }

    private void check(List<Violation> v, CampaignDefinition def, String field, String content, String type,
            EmailView sample) {
        if (content == null) {
            return;
        }
        try {
            bounded(template(def, content, type), sample);
        } catch (RuntimeException | StackOverflowError e) {
            v.add(new Violation(field, "template does not render: " + describe(e)));
        }
    }

    /** The first line of a failure, Java class names shortened to their simple names, at most 300 characters. */
    public static String describe(Throwable e) {
        String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z][\\w$]*)", "$1");
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
