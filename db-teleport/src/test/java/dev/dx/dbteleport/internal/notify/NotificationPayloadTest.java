package dev.dx.dbteleport.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The payload format: golden strings, a round-trip property, and every way a hostile payload can be wrong. */
class NotificationPayloadTest {

    @Test
    void goldenKeys() throws MalformedPayloadException {
        String payload = "dx1;1733486400123456;K;11:public.item1:72:42";
        FeedNotice notice = NotificationPayload.parse(payload);
        assertThat(notice).isEqualTo(new FeedNotice("public.item", List.of("7", "42"), 1733486400123456L));
        assertThat(NotificationPayload.encode(notice)).isEqualTo(payload);
    }

    @Test
    void goldenTableWide() throws MalformedPayloadException {
        String payload = "dx1;1733486400123456;T;11:public.item";
        FeedNotice notice = NotificationPayload.parse(payload);
        assertThat(notice.isTableWide()).isTrue();
        assertThat(notice).isEqualTo(FeedNotice.tableWide("public.item", 1733486400123456L));
        assertThat(NotificationPayload.encode(notice)).isEqualTo(payload);
    }

    @Test
    void goldenNoKeys() throws MalformedPayloadException {
        FeedNotice notice = NotificationPayload.parse("dx1;5;K;3:s.t");
        assertThat(notice.keys()).isEmpty();
        assertThat(notice.isTableWide()).isFalse();
    }

    @Test
    void separatorsAndUnicodeInValues() throws MalformedPayloadException {
        // lengths count code points: "é" is 1, the emoji (a surrogate pair in Java) is 1
        String payload = "dx1;1;K;5:s.t;:4:a;:b2:é😀3:1:2";
        FeedNotice notice = NotificationPayload.parse(payload);
        assertThat(notice.table()).isEqualTo("s.t;:");
        assertThat(notice.keys()).containsExactly("a;:b", "é😀", "1:2");
        assertThat(NotificationPayload.encode(notice)).isEqualTo(payload);
    }

    @Test
    void roundTripsAnyTableAndKeys() {
        qt().withExamples(500)
                .forAll(strings().allPossible().ofLengthBetween(1, 20),
                        lists().of(strings().allPossible().ofLengthBetween(0, 12)).ofSizeBetween(0, 8),
                        longs().between(0, Long.MAX_VALUE))
                .checkAssert((table, keys, micros) -> {
                    FeedNotice notice = new FeedNotice(table, keys, micros);
                    try {
                        assertThat(NotificationPayload.parse(NotificationPayload.encode(notice))).isEqualTo(notice);
                    } catch (MalformedPayloadException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hello                            | does not start with",
        "dx2;1;K;3:s.t                    | does not start with",
        "dx1;                             | timestamp: no ';'",
        "dx1;;K;3:s.t                     | timestamp: no digits",
        "dx1;12a;K;3:s.t                  | timestamp: 'a' at 6 is not a digit",
        "dx1;12345678901234567890;K;3:s.t | timestamp: more than 19 digits",
        "dx1;99999999999999999999;K;3:s.t | timestamp: more than 19 digits",
        "dx1;9999999999999999999;K;3:s.t  | timestamp: out of range",
        "dx1;1;X;3:s.t                    | kind: unknown kind 'X'",
        "dx1;1;K                          | kind: expected K; or T;",
        "dx1;1;KK3:s.t                    | kind: expected K; or T;",
        "dx1;1;K;                         | table length: no ':'",
        "dx1;1;K;3s.t                     | table length: 's' at 9 is not a digit",
        "dx1;1;K;99999:s.t                | table length: more than 4 digits",
        "dx1;1;K;9:s.t                    | table: length 9 at 10 runs past the end",
        "dx1;1;K;0:                       | empty table name",
    })
    void rejectsWithoutATable(String payload, String problem) {
        assertThatThrownBy(() -> NotificationPayload.parse(payload))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((MalformedPayloadException) e).table()).isNull());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dx1;1;K;3:s.t1:                  | key 1: length 1 at 15 runs past the end",
        "dx1;1;K;3:s.t1:a2                | key 2 length: no ':'",
        "dx1;1;K;3:s.tx:a                 | key 1 length: 'x' at 13 is not a digit",
        "dx1;1;T;3:s.t1:a                 | table-wide payload has 3 chars after the table",
    })
    void rejectsButKeepsTheTable(String payload, String problem) {
        assertThatThrownBy(() -> NotificationPayload.parse(payload))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((MalformedPayloadException) e).table()).isEqualTo("s.t"));
    }

    @Test
    void rejectsEmptyAndOverlongPayloads() {
        assertThatThrownBy(() -> NotificationPayload.parse("")).hasMessageContaining("empty payload");
        assertThatThrownBy(() -> NotificationPayload.parse(null)).hasMessageContaining("empty payload");
        assertThatThrownBy(() -> NotificationPayload.parse("dx1;" + "1".repeat(20_000)))
                .hasMessageContaining("longer than 7999 characters");
    }
}
