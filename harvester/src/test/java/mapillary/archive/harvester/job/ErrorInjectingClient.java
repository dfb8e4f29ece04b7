package mapillary.archive.harvester.job;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import mapillary.archive.harvester.config.MapillaryConfig;
import mapillary.archive.harvester.mapillary.MapillaryApiException;
import mapillary.archive.harvester.mapillary.MapillaryClient;
import mapillary.archive.harvester.mapillary.Page;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The real client, except that once armed it throws a JVM {@link Error} while fetching a page after the first: the
 * one fault the fake Mapillary cannot cause through the wire (an OutOfMemoryError in the listing thread).
 */
@Alternative
@Singleton
public class ErrorInjectingClient extends MapillaryClient {

    static final AtomicBoolean ARMED = new AtomicBoolean();

    @Inject
    public ErrorInjectingClient(MapillaryConfig config) {
        super(config);
    }

    @Override
    public Page fetch(String url, Consumer<String> log) throws MapillaryApiException, InterruptedException {
        if (url.contains("after=") && ARMED.getAndSet(false)) {
            throw new OutOfMemoryError("Java heap space (injected)");
        }
        return super.fetch(url, log);
    }
}
