package mapillary.archive.cli;

import java.net.URI;
import java.net.URISyntaxException;

/** Validates the base URLs given on the command line. */
final class Urls {

    private Urls() {
    }

    static URI base(String option, String value) {
        try {
            URI uri = new URI(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("argument " + option + ": expected an http(s) URL such as "
                        + "http://127.0.0.1:8081, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("argument " + option + ": not a URL: '" + value + "'");
        }
    }
}
