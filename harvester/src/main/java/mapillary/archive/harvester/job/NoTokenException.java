package mapillary.archive.harvester.job;

/** No Mapillary token is configured, so nothing can be listed (the API answers 503). */
public class NoTokenException extends RuntimeException {

    public NoTokenException() {
        super("No Mapillary token is configured. Set the environment variable MAPILLARY_TOKEN (or the property "
                + "mapillary.token) to a Mapillary client token (MLY|...) and restart the harvester.");
    }
}
