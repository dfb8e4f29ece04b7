package mapillary.archive.harvester.mapillary;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageParserTest {

    @Test
    void aBareNaNRewritesOnlyItsRecordAsStandardJson() throws IOException {
        String ok = "{\"id\":\"1\",\"make\":\"NaNo Infinity\"}";
        String nan = "{\"id\":\"2\",\"geometry\":{\"coordinates\":[NaN,-Infinity]}}";
        Page page = PageParser.parse(("{\"data\":[" + ok + "," + nan + "]}").getBytes(StandardCharsets.UTF_8));

        assertThat(page.records()).hasSize(2);
        assertThat(page.records().get(0).rewritten()).isFalse();
        assertThat(new String(page.records().get(0).json(), StandardCharsets.UTF_8)).isEqualTo(ok);
        RawRecord r = page.records().get(1);
        assertThat(r.rewritten()).isTrue();
        String json = new String(r.json(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"id\":\"2\",\"geometry\":{\"coordinates\":[\"NaN\",\"-Infinity\"]}}");
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json); // standard JSON now
    }

    @Test
    void keepsEachRecordsBytesAsSent() throws IOException {
        String r1 = "{\"id\": \"12\", \"captured_at\": 1.50e3, \"z\": 1, \"a\": \"\\u00e9\"}";
        String r2 = "{\"sequence\":\"s1\",\"id\":\"13\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.0,2.00]}}";
        String body = "{\"data\": [" + r1 + " ,\n  " + r2 + "], \"paging\": {\"cursors\": {\"after\": \"x\"}, "
                + "\"next\": \"https://graph.example/images?after=x\"}}";

        Page page = PageParser.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(page.records()).hasSize(2);
        assertThat(new String(page.records().get(0).json(), StandardCharsets.UTF_8)).isEqualTo(r1);
        assertThat(new String(page.records().get(1).json(), StandardCharsets.UTF_8)).isEqualTo(r2);
        assertThat(page.records().get(1).id()).isEqualTo("13");
        assertThat(page.records().get(1).sequence()).isEqualTo("s1");
        assertThat(page.next()).isEqualTo("https://graph.example/images?after=x");
        assertThat(page.malformed()).isZero();
    }

    @Test
    void lastPageHasNoNextAndNonObjectsAreCounted() throws IOException {
        Page page = PageParser.parse("{\"data\":[1,{\"id\":\"5\"},\"x\",null],\"paging\":{}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(page.records()).extracting(RawRecord::id).containsExactly("5");
        assertThat(page.malformed()).isEqualTo(3);
        assertThat(page.next()).isNull();
    }

    @Test
    void prettyPrintedRecordsBecomeOneLineWithTheSameKeyOrder() throws IOException {
        Page page = PageParser.parse("{\"data\":[{\n \"id\": \"9\",\n \"b\": 2,\n \"a\": 1\n}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(new String(page.records().get(0).json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"9\",\"b\":2,\"a\":1}");
    }

    @Test
    void emptyNextMeansTheEnd() throws IOException {
        assertThat(PageParser.parse("{\"data\":[],\"paging\":{\"next\":\"\"}}".getBytes(StandardCharsets.UTF_8))
                .next()).isNull();
    }

    @Test
    void aBodyThatIsNotJsonIsAnError() {
        assertThatThrownBy(() -> PageParser.parse("<html>oops</html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PageParser.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }
}
