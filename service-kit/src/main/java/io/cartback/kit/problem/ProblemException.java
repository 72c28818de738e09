package io.cartback.kit.problem;

import java.util.Map;

/** Thrown by resources and services to answer with a problem document; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public static ProblemException badRequest(String type, String detail) {
        return new ProblemException(Problem.of(400, type, "Bad request", detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(Problem.of(409, type, "Conflict", detail));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
