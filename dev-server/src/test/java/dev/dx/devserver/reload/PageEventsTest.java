package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageEventsTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static PageEvents.ClientEvent read(String json) {
        return PageEvents.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void serverEventsAreTheDocumentedJson() {
        assertThat(text(PageEvents.css("/css/site.css"))).isEqualTo("{\"type\":\"css\",\"path\":\"/css/site.css\"}");
        assertThat(text(PageEvents.reload("a \"quoted\" \u00e9\n"))).isEqualTo(
                "{\"type\":\"reload\",\"reason\":\"a \\\"quoted\\\" \u00e9\\n\"}");
    }

    @Test
    void readsHelloAndOtherEvents() {
        PageEvents.ClientEvent hello = read("{\"type\":\"hello\",\"page\":\"/index.html\"}");
        assertThat(hello.isHello()).isTrue();
        assertThat(hello.page()).isEqualTo("/index.html");
        PageEvents.ClientEvent extra = read(" {\"v\":[1,{\"x\":2}],\"page\":\"/a.html\",\"type\":\"hello\",\"n\":null} ");
        assertThat(extra.page()).isEqualTo("/a.html");
        PageEvents.ClientEvent other = read("{\"type\":\"log\",\"text\":\"hi\"}");
        assertThat(other.isHello()).isFalse();
        assertThat(other.type()).isEqualTo("log");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1]                                      | a ClientEvent that is not a JSON object",
        "{\"page\":\"/a.html\"}                   | a ClientEvent without a type",
        "{\"type\":1}                             | a ClientEvent whose type is not a string",
        "{\"type\":\"hello\"}                     | a hello whose page is missing",
        "{\"type\":\"hello\",\"page\":\"a.html\"} | a hello whose page is 'a.html' (expected: a path starting with /)",
        "{\"type\":\"hello\",\"page\":[]}         | a ClientEvent whose page is not a string",
        "{\"type\":\"hello\"} {}                  | a ClientEvent with bytes after its JSON object",
    })
    void refusesWhatIsNotAnEvent(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void refusesMalformedJsonAndBodiesOver4KiB() {
        assertThatThrownBy(() -> read("{\"type\":\"hello\",")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a ClientEvent that is not valid JSON: ");
        assertThatThrownBy(() -> read("{\"type\" \"hello\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a ClientEvent that is not valid JSON: ");
        assertThatThrownBy(() -> read("[[[[[[[[[[1]]]]]]]]]]".replace("[", "{\"a\":").replace("]", "}")
                .replace("{\"a\":{", "{\"type\":\"x\",\"a\":{")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nesting depth");
        String padded = "{\"type\":\"hello\",\"page\":\"/" + "a".repeat(4096 - 27) + "\"}";
        assertThat(padded.length()).isEqualTo(4096);
        assertThat(read(padded).page()).hasSize(4096 - 26);
        assertThatThrownBy(() -> read(padded.replace("/a", "/aa"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ClientEvent of 4097 bytes (at most 4096)");
    }
}
