package mapillary.archive.harvester.api;

/** Ends a request with a problem answer. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "invalid-request", "Invalid harvest request", detail));
    }

    public Problem problem() {
        return problem;
    }
}
