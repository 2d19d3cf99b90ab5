package dev.dx.devserver.live;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The live-data arguments: what is read, and every refusal naming its problem. */
class QueryRequestParserTest {

    private static QueryRequest parse(String json) {
        return QueryRequestParser.parse(json.getBytes(UTF_8));
    }

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> parse(json)).as(json).isInstanceOf(LiveRequestException.class)
                .hasMessageContaining(message);
    }

    @Test
    void readsTheQueryAndEveryKindOfParameter() {
        QueryRequest r = parse("{\"params\":[1,-2.5,\"x\",true,false,null,12345678901234567890],\"query\":\"items\"}");
        assertThat(r.query()).isEqualTo("items");
        assertThat(r.params()).containsExactly(1L, -2.5, "x", true, false, null, new BigDecimal("12345678901234567890"));
        assertThat(Arrays.asList(r.paramArray())).isEqualTo(r.params());
        assertThat(parse("{\"query\":\"items\"}").params()).as("params may be left out").isEmpty();
        assertThat(parse(" {\"query\":\"items\",\"params\":[]} ").params()).isEmpty();
    }

    @Test
    void readsFromABufferWithoutMovingItsIndexes() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes("{\"query\":\"item\",\"params\":[3]}".getBytes(UTF_8));
        try {
            int reader = buf.readerIndex();
            assertThat(QueryRequestParser.parse(buf).params()).containsExactly(3L);
            assertThat(buf.readerIndex()).isEqualTo(reader);
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesWhatIsNotTheExpectedShape() {
        refused("", "not a JSON object");
        refused("[1]", "not a JSON object");
        refused("{\"query\":\"items\"", "not valid JSON");
        refused("{\"query\":items}", "not valid JSON");
        refused("{\"params\":[]}", "no \"query\"");
        refused("{\"query\":7}", "\"query\" is a number (expected: a string)");
        refused("{\"query\":\"items\",\"params\":{}}", "\"params\" is an object (expected: an array)");
        refused("{\"query\":\"items\",\"params\":[[1]]}", "\"params\"[0] is an array");
        refused("{\"query\":\"items\",\"params\":[1,{\"a\":1}]}", "\"params\"[1] is an object");
        refused("{\"query\":\"items\",\"extra\":1}", "unknown field \"extra\"");
        refused("{\"query\":\"items\"} {}", "content after the JSON object");
    }

    @Test
    void enforcesItsLimits() {
        StringBuilder many = new StringBuilder("{\"query\":\"items\",\"params\":[0");
        for (int i = 1; i <= QueryRequestParser.MAX_PARAMS; i++) {
            many.append(',').append(i);
        }
        refused(many.append("]}").toString(), "more than " + QueryRequestParser.MAX_PARAMS + " parameters");
        String longString = "x".repeat(QueryRequestParser.MAX_STRING + 1);
        refused("{\"query\":\"" + longString + "\"}", "not valid JSON");
        String huge = "{\"query\":\"items\",\"params\":[\"" + "y".repeat(QueryRequestParser.MAX_BYTES) + "\"]}";
        refused(huge, "bytes (expected: at most " + QueryRequestParser.MAX_BYTES + ")");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(huge.getBytes(UTF_8));
        try {
            assertThatThrownBy(() -> QueryRequestParser.parse(buf)).hasMessageContaining("at most");
        } finally {
            buf.release();
        }
        refused("{\"query\":\"items\",\"params\":[" + "9".repeat(100) + "]}", "not valid JSON");
    }

    @Test
    void readsAParameterArrayOnItsOwn() {
        assertThat(QueryRequestParser.parseParams("[1,\"a\"]")).containsExactly(1L, "a");
        assertThatThrownBy(() -> QueryRequestParser.parseParams("[1")).hasMessageContaining("params");
        assertThatThrownBy(() -> QueryRequestParser.parseParams("1")).hasMessageContaining("expected: an array");
        assertThatThrownBy(() -> QueryRequestParser.parseParams("[1] 2")).hasMessageContaining("content after");
    }
}
