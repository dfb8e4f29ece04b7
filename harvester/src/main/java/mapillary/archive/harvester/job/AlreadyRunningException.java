package mapillary.archive.harvester.job;

/** A harvest of the same collection is still running (the API answers 409). */
public class AlreadyRunningException extends RuntimeException {

    private final transient Harvest running;

    public AlreadyRunningException(Harvest running) {
        super("collection " + running.collection() + " is already being harvested by " + running.id());
        this.running = running;
    }

    public Harvest running() {
        return running;
    }
}
