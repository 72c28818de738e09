package io.cartback.funnel.rest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemException;
import io.cartback.kit.text.TextRules;

/**
 * A funnel definition on the wire. {@code where} maps a property to one accepted value or a list of them
 * (case-insensitive), e.g. {@code {"step_name": "account"}}; {@code conversionWindow} is ISO-8601 (PT1H, P1D).
 */
public record FunnelDefinitionDto(String id, String name, List<StepDto> steps, String conversionWindow,
                                  List<MatchDto> exclusions) {

    public record StepDto(String id, String label, List<MatchDto> match, Boolean optional) {
    }

    public record MatchDto(String event, Map<String, Object> where) {
    }

    public static FunnelDefinitionDto of(FunnelDefinition f) {
        List<StepDto> steps = new ArrayList<>();
        for (FunnelDefinition.Step s : f.steps()) {
            steps.add(new StepDto(s.id(), s.label(), s.match().stream().map(FunnelDefinitionDto::of).toList(),
                    s.optional()));
        }
        return new FunnelDefinitionDto(f.id(), f.name(), steps, f.conversionWindow().toString(),
                f.exclusions().stream().map(FunnelDefinitionDto::of).toList());
    }

    private static MatchDto of(FunnelDefinition.Match m) {
        return new MatchDto(m.event(), new LinkedHashMap<>(m.where()));
    }

    static final int MAX_STEPS = 20;
    static final int MAX_CONDITIONS = 20;
    static final int MAX_WHERE = 20;
    static final int MAX_VALUES = 100;

    /** The domain definition, or a 400 problem naming every bad field. */
    public FunnelDefinition toDomain(String pathId) {
        List<Problem.FieldError> errors = new ArrayList<>();
        text(errors, "name", name, 200);
        if (steps != null && steps.size() > MAX_STEPS) {
            // one error, not one per step: 10,000 steps must not give a 10,000-entry answer
            throw invalid(List.of(new Problem.FieldError("steps", "at most " + MAX_STEPS + " steps (got " + steps.size() + ")")));
        }
        if (id != null && !id.equals(pathId)) {
            errors.add(new Problem.FieldError("id", "must equal the id in the path (" + pathId + ")"));
        }
        Duration window = Duration.ofDays(1);
        if (conversionWindow != null) {
            try {
                window = Duration.parse(conversionWindow);
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError("conversionWindow", "not an ISO-8601 duration (e.g. PT1H, P1D)"));
            }
        }
        List<FunnelDefinition.Step> domainSteps = new ArrayList<>();
        if (steps != null) {
            for (int i = 0; i < steps.size(); i++) {
                StepDto s = steps.get(i);
                if (s == null) {
                    errors.add(new Problem.FieldError("steps[" + i + "]", "must not be null"));
                    continue;
                }
                text(errors, "steps[" + i + "].id", s.id(), 63);
                text(errors, "steps[" + i + "].label", s.label(), 200);
                domainSteps.add(new FunnelDefinition.Step(s.id(), s.label() == null ? s.id() : s.label(),
                        matches(s.match(), "steps[" + i + "].match", errors), Boolean.TRUE.equals(s.optional())));
            }
        }
        FunnelDefinition f = new FunnelDefinition(pathId, name == null ? pathId : name, domainSteps, window,
                matches(exclusions, "exclusions", errors));
        for (String[] p : f.problems()) {
            errors.add(new Problem.FieldError(p[0], p[1]));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return f;
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of(400, "invalid-funnel", "Bad request",
                "the funnel definition is invalid: " + String.join(", ", errors.stream()
                        .map(Problem.FieldError::field).distinct().limit(10).toList())).withErrors(errors));
    }

    private static void text(List<Problem.FieldError> errors, String field, String value, int max) {
        String problem = TextRules.problem(value, max, false);
        if (problem != null) {
            errors.add(new Problem.FieldError(field, problem));
        }
    }

    private static List<FunnelDefinition.Match> matches(List<MatchDto> in, String path, List<Problem.FieldError> errors) {
        List<FunnelDefinition.Match> out = new ArrayList<>();
        if (in == null) {
            return out;
        }
        if (in.size() > MAX_CONDITIONS) {
            errors.add(new Problem.FieldError(path, "at most " + MAX_CONDITIONS + " conditions"));
            return out;
        }
        for (int j = 0; j < in.size(); j++) {
            MatchDto m = in.get(j);
            if (m == null) {
                errors.add(new Problem.FieldError(path + "[" + j + "]", "must not be null"));
                continue;
            }
            text(errors, path + "[" + j + "].event", m.event(), 200);
            Map<String, List<String>> where = new LinkedHashMap<>();
            if (m.where() != null && m.where().size() > MAX_WHERE) {
                errors.add(new Problem.FieldError(path + "[" + j + "].where", "at most " + MAX_WHERE + " properties"));
            } else if (m.where() != null) {
                for (Map.Entry<String, Object> w : m.where().entrySet()) {
                    Object v = w.getValue();
                    String field = path + "[" + j + "].where." + w.getKey();
                    text(errors, field, w.getKey(), 100);
                    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                        text(errors, field, String.valueOf(v), 200);
                        where.put(w.getKey(), List.of(String.valueOf(v)));
                    } else if (v instanceof List<?> list && !list.isEmpty() && list.size() <= MAX_VALUES
                            && list.stream().allMatch(x -> x instanceof String || x instanceof Number || x instanceof Boolean)) {
                        list.forEach(x -> text(errors, field, String.valueOf(x), 200));
                        where.put(w.getKey(), list.stream().map(String::valueOf).toList());
                    } else {
                        errors.add(new Problem.FieldError(field,
                                "must be a string, number, boolean, or a non-empty list of at most " + MAX_VALUES + " of them"));
                    }
                }
            }
            out.add(new FunnelDefinition.Match(m.event(), where));
        }
        return out;
    }
}
