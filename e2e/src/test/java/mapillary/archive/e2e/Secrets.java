package mapillary.archive.e2e;

import java.util.List;

/** Distinctive secrets handed to the services in the fault suite, so that any leak of them can be found. */
final class Secrets {

    static final String MAPILLARY_TOKEN = "MLY|4242|e2eSecretToken7f3a9c";
    static final String IA_ACCESS_KEY = "e2eIaAccessKey93kdQ";
    static final String IA_SECRET_KEY = "e2eIaSecretKeyq8ZmW";
    static final String API_KEY = "e2eApiKeyZq81xV";
    static final List<String> ALL = List.of(MAPILLARY_TOKEN, IA_ACCESS_KEY, IA_SECRET_KEY, API_KEY);

    private Secrets() {
    }
}
