package io.cartback.campaign.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.quarkus.qute.Expression;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionNode;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateNode;

/**
 * What a marketer's template may do, checked on the parsed template before it is stored or rendered. Qute is a
 * general template engine: it can loop over any integer ({@code {#for i in 1000000}}), read configuration
 * ({@code {config:...}}, which holds the service's secrets), evaluate strings as templates ({@code {#eval}},
 * {@code str:eval}), include other templates and format numbers to any width. A campaign template needs none of
 * that, so it gets a small language: the sections if / for / each / let / with / switch, expressions over
 * {@code email} without namespaces, a few harmless virtual methods, loops only over the two bounded lists of the
 * view (not nested), bounded nesting and a bounded number of node evaluations. Together with the output cap in
 * {@link TemplateRenderer} this bounds the time and memory of every rendering.
 */
final class TemplatePolicy {
    static final Set<String> SECTIONS = Set.of("if", "for", "each", "let", "set", "with", "when", "switch");
    static final Set<String> METHODS = Set.of("or", "?:", "ifTruthy", "orEmpty", "take", "takeLast", "get");
    /** Properties that would turn off HTML escaping of shopper-controlled text. */
    static final Set<String> UNESCAPING = Set.of("raw", "safe");
    static final int MAX_DEPTH = 20;
    /** Node evaluations of one rendering, each node counted once per loop iteration it sits in. */
    static final long MAX_COST = 50_000;

    private final int maxLines;
    private final int maxRecommendations;
    private final Set<String> problems = new LinkedHashSet<>();
    private long cost;

    private TemplatePolicy(int maxLines, int maxRecommendations) {
        this.maxLines = Math.max(1, maxLines);
        this.maxRecommendations = Math.max(1, maxRecommendations);
    }

    /** Why this template is refused (at most five reasons), empty when it is acceptable. */
    static List<String> problems(Template template, int maxLines, int maxRecommendations) {
        TemplatePolicy p = new TemplatePolicy(maxLines, maxRecommendations);
        p.nodes(template.getNodes(), 1, 0, false);
        if (p.cost > MAX_COST) {
            p.problems.add("would evaluate about " + p.cost + " nodes per email (at most " + MAX_COST
                    + "; loops multiply what they contain)");
        }
        return new ArrayList<>(p.problems).subList(0, Math.min(5, p.problems.size()));
    }

    private void nodes(List<TemplateNode> nodes, long multiplicity, int depth, boolean inLoop) {
        for (TemplateNode n : nodes) {
            cost += multiplicity;
            if (n.isSection()) {
                section(n.asSection(), multiplicity, depth + 1, inLoop);
            } else {
                n.getExpressions().forEach(this::expression);
            }
        }
    }

    private void section(SectionNode s, long multiplicity, int depth, boolean inLoop) {
        String name = s.getName();
        if (!SECTIONS.contains(name)) {
            problems.add("uses {#" + name + "}, which campaign templates may not use (allowed: "
                    + String.join(", ", SECTIONS.stream().sorted().toList()) + ")");
            return;
        }
        if (depth > MAX_DEPTH) {
            problems.add("nests sections more than " + MAX_DEPTH + " deep");
            return;
        }
        boolean loop = name.equals("for") || name.equals("each");
        long inner = multiplicity;
        if (loop) {
            if (inLoop) {
                problems.add("nests a loop inside a loop");
                return;
            }
            SectionBlock main = s.getBlocks().get(0);
            Expression iterable = main.expressions.get("iterable");
            long size = iterable == null ? -1 : loopSize(iterable);
            if (size < 0) {
                problems.add("loops over " + (iterable == null ? "nothing" : iterable.toOriginalString())
                        + "; a loop may only go over email.lines or email.recommendations");
                return;
            }
            inner = multiplicity * size;
        }
        for (SectionBlock b : s.getBlocks()) {
            b.expressions.values().forEach(this::expression);
            // the else block of a loop runs once, its main block once per element
            boolean body = loop && b == s.getBlocks().get(0);
            nodes(b.nodes, body ? inner : multiplicity, depth, inLoop || body);
        }
    }

    /** The most elements the loop can see, or -1 when it does not go over one of the view's bounded lists. */
    private long loopSize(Expression e) {
        List<Expression.Part> parts = e.getParts();
        if (e.hasNamespace() || e.isLiteral() || parts.size() < 2 || parts.size() > 3
                || !parts.get(0).getName().equals("email") || parts.get(0).isVirtualMethod()) {
            return -1;
        }
        long size = switch (parts.get(1).getName()) {
            case "lines" -> maxLines;
            case "recommendations" -> maxRecommendations;
            default -> -1;
        };
        if (parts.size() == 3 && !(parts.get(2).isVirtualMethod()
                && Set.of("take", "takeLast").contains(parts.get(2).getName()))) {
            return -1;
        }
        expression(e);
        return parts.get(1).isVirtualMethod() ? -1 : size;
    }

    private void expression(Expression e) {
        if (e.hasNamespace()) {
            problems.add("uses the namespace '" + e.getNamespace() + ":', which campaign templates may not use");
            return;
        }
        for (Expression.Part p : e.getParts()) {
            if (UNESCAPING.contains(p.getName())) {
                problems.add("uses '" + p.getName() + "', which would turn off HTML escaping of shopper data");
            }
            if (p.isVirtualMethod()) {
                if (!METHODS.contains(p.getName())) {
                    problems.add("calls '" + p.getName() + "(...)', which campaign templates may not use (allowed: "
                            + String.join(", ", METHODS.stream().sorted().toList()) + ")");
                }
                p.asVirtualMethod().getParameters().forEach(this::expression);
            }
        }
    }
}
