package mapillary.archive.harvester.api;

/** Ends a request with a problem answer. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    /** A 400 about the request body as a whole. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "invalid-request", "Invalid harvest request", detail));
    }

    /** A 400 about one field of the request body; {@code detail} names the field too. */
    public static ProblemException badField(String field, String detail) {
        return new ProblemException(Problem.of(400, "invalid-request", "Invalid harvest request: " + field,
                detail).about(field));
    }

    public Problem problem() {
        return problem;
    }
}
