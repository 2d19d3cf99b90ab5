package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link RangeRequest#parse}: every form, clipping, and what is ignored or unsatisfiable. */
class RangeRequestTest {

    private static RangeRequest r(String header, long length) {
        return RangeRequest.parse(header, length);
    }

    private static RangeRequest.Satisfiable range(long first, long last, long total) {
        return new RangeRequest.Satisfiable(first, last, total);
    }

    @Test
    void satisfiableForms() {
        assertThat(r("bytes=0-4", 10)).isEqualTo(range(0, 4, 10));
        assertThat(r("bytes=3-", 10)).isEqualTo(range(3, 9, 10));
        assertThat(r("bytes=-4", 10)).isEqualTo(range(6, 9, 10));
        assertThat(r("bytes=-40", 10)).isEqualTo(range(0, 9, 10));
        assertThat(r("bytes=8-1000", 10)).isEqualTo(range(8, 9, 10));
        assertThat(r(" Bytes = 1 - 2 ", 10)).isEqualTo(range(1, 2, 10));
        RangeRequest.Satisfiable s = range(2, 5, 10);
        assertThat(s.length()).isEqualTo(4);
        assertThat(s.contentRange()).isEqualTo("bytes 2-5/10");
    }

    @Test
    void unsatisfiable() {
        assertThat(r("bytes=10-", 10)).isSameAs(RangeRequest.UNSATISFIABLE);
        assertThat(r("bytes=10-12", 10)).isSameAs(RangeRequest.UNSATISFIABLE);
        assertThat(r("bytes=-0", 10)).isSameAs(RangeRequest.UNSATISFIABLE);
        assertThat(r("bytes=0-", 0)).isSameAs(RangeRequest.UNSATISFIABLE);
        assertThat(r("bytes=-5", 0)).isSameAs(RangeRequest.UNSATISFIABLE);
    }

    @Test
    void ignoredAsWhole() {
        for (String h : new String[] {null, "", "bytes", "bytes=", "bytes=-", "bytes=5", "bytes=5-2", "bytes=a-b",
                "bytes=1-x", "bytes=-x", "bytes=+1-2", "bytes=0-1,3-4", "items=0-1", "bytes=99999999999999999999-",
                "bytes=1--2"}) {
            assertThat(r(h, 10)).as(String.valueOf(h)).isSameAs(RangeRequest.WHOLE);
        }
    }
}
