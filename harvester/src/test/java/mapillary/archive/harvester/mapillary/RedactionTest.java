package mapillary.archive.harvester.mapillary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void stripsAccessTokenWherever_itIs() {
        assertThat(Redaction.stripAccessToken("https://g/images?access_token=MLY|1|x&after=abc"))
                .isEqualTo("https://g/images?after=abc");
        assertThat(Redaction.stripAccessToken("https://g/images?after=abc&access_token=MLY|1|x"))
                .isEqualTo("https://g/images?after=abc");
        assertThat(Redaction.stripAccessToken("https://g/images?a=1&access_token=t&b=2"))
                .isEqualTo("https://g/images?a=1&b=2");
        assertThat(Redaction.stripAccessToken("https://g/images?after=abc")).isEqualTo("https://g/images?after=abc");
    }

    @Test
    void redactsTheSecretAndTokenParameters() {
        assertThat(Redaction.redact("bad token MLY|1|secret in https://g/x?access_token=zzz&a=1", "MLY|1|secret"))
                .isEqualTo("bad token [redacted] in https://g/x?access_token=[redacted]&a=1");
    }
}
