package mapillary.archive.fetcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import mapillary.archive.common.http.Backoff;
import mapillary.archive.fetcher.config.ArchiveConfig;
import mapillary.archive.fetcher.config.FetcherConfig;
import mapillary.archive.fetcher.config.MapillaryConfig;
import mapillary.archive.fetcher.download.CdnDownloader;
import mapillary.archive.fetcher.download.GraphUrlRefresher;
import mapillary.archive.common.http.RequestPacer;
import mapillary.archive.fetcher.image.ExifWriter;
import mapillary.archive.fetcher.image.WebpConverter;
import mapillary.archive.fetcher.kafka.TaskIntake;
import mapillary.archive.fetcher.storage.DiskGuard;
import mapillary.archive.fetcher.storage.FreeSpace;
import mapillary.archive.fetcher.task.FetchListener;
import mapillary.archive.fetcher.task.ImageFetcher;
import org.jboss.logging.Logger;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;

/** Wires the plain-Java parts of the fetcher (HTTP client, downloader, converters) from configuration. */
@ApplicationScoped
public class FetcherBeans {

    private static final Logger LOG = Logger.getLogger(FetcherBeans.class);

    @Produces
    @Singleton
    HttpClient httpClient(FetcherConfig config) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.download().connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    void closeHttpClient(@Disposes HttpClient client) {
        client.shutdownNow();
    }

    @Produces
    @Singleton
    @Startup
    WebpConverter webpConverter(FetcherConfig config) {
        int slots = config.webp().maxConcurrency().orElse(Runtime.getRuntime().availableProcessors());
        WebpConverter converter = new WebpConverter(config.webp().cwebp(), slots);
        if (converter.available()) {
            LOG.infof("WebP conversion with %s (%d at once)", converter.executable().get(), slots);
        } else {
            LOG.error(converter.missingMessage() + "; WebP tasks will fail and the health check is DOWN");
        }
        return converter;
    }

    @Produces
    @Singleton
    ImageFetcher imageFetcher(FetcherConfig config, ArchiveConfig archive, MapillaryConfig mapillary,
                              HttpClient http, WebpConverter webp, ObjectMapper mapper, FetchListener listener) {
        FetcherConfig.Download d = config.download();
        Backoff backoff = new Backoff(Math.max(1, d.attempts()), d.backoffBase(), d.backoffCap(), true);
        GraphUrlRefresher refresher = new GraphUrlRefresher(http, mapillary.apiUrl(), mapillary.token(),
                RequestPacer.perSecond(d.refreshesPerSecond()), new Backoff(3, d.backoffBase(), d.backoffCap(), true),
                d.requestTimeout(), mapper);
        CdnDownloader downloader = new CdnDownloader(http, backoff, d.requestTimeout(), refresher,
                d.maxUrlRefreshes(), config.maxImageBytes().asLongValue());
        return new ImageFetcher(archive.stagingDir(), downloader, new ExifWriter(), webp, listener);
    }

    /** The real file system; a normal-scoped bean so a test can simulate a full disk. */
    @Produces
    @ApplicationScoped
    FreeSpace freeSpace() {
        return FreeSpace.FILE_STORE::usableBytes;
    }

    @Produces
    @Singleton
    DiskGuard diskGuard(FetcherConfig config, ArchiveConfig archive, FreeSpace freeSpace, TaskIntake intake) {
        return new DiskGuard(archive.dataDir(), config.minFreeBytes().asLongValue(), config.diskCheckInterval(),
                freeSpace, low -> {
            if (low) {
                intake.pause("low disk space");
            } else {
                intake.resume("low disk space");
            }
        });
    }
}
