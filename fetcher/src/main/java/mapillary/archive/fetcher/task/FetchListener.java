package mapillary.archive.fetcher.task;

import mapillary.archive.fetcher.download.DownloadResult;

/** Observes what the fetcher does, for metrics; the no-op default keeps unit tests free of a registry. */
public interface FetchListener {

    FetchListener NONE = new FetchListener() {
    };

    default void downloaded(DownloadResult result, long nanos) {
    }

    default void failed(String reason) {
    }

    default void alreadyPresent() {
    }
}
