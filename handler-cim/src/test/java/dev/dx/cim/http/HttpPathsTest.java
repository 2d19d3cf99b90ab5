package dev.dx.cim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link RequestTarget} and {@link PathDecoder}. */
class HttpPathsTest {

    @Test
    void requestTargetsGiveTheirPath() {
        assertThat(RequestTarget.path("/a/b")).isEqualTo("/a/b");
        assertThat(RequestTarget.path("/a/b?x=1")).isEqualTo("/a/b");
        assertThat(RequestTarget.path("/a#frag")).isEqualTo("/a");
        assertThat(RequestTarget.path("*")).isEqualTo("*");
        assertThat(RequestTarget.path("http://h:1/a/b?q")).isEqualTo("/a/b");
        assertThat(RequestTarget.path("https://h")).isEqualTo("/");
        assertThat(RequestTarget.path("http://h?q=/x")).isEqualTo("/");
        assertThat(RequestTarget.path("weird")).isEqualTo("weird");
    }

    @Test
    void segmentsArePercentDecodedAsUtf8() {
        assertThat(PathDecoder.decode("plain+text")).isEqualTo("plain+text");
        assertThat(PathDecoder.decode("a%20b%2Fc")).isEqualTo("a b/c");
        assertThat(PathDecoder.decode("J%c3%bcrgen")).isEqualTo("J\u00fcrgen");
    }

    @Test
    void badEscapesAreRejectedByName() {
        assertThatThrownBy(() -> PathDecoder.decode("ab%4"))
                .hasMessage("truncated percent escape in path segment at index 2");
        assertThatThrownBy(() -> PathDecoder.decode("%g1"))
                .hasMessage("invalid percent escape in path segment at index 0");
        assertThatThrownBy(() -> PathDecoder.decode("%C3"))
                .hasMessage("path segment is not UTF-8 after percent decoding");
        assertThatThrownBy(() -> PathDecoder.decode("\u00fc%20"))
                .hasMessage("unencoded non-ASCII character in path segment at index 0");
    }
}
