package dev.dx.devserver.live;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The body of {@code POST /api/items/{id}}. */
class ItemUpdateTest {

    private static ItemUpdate parse(String json) {
        return ItemUpdate.parse(json.getBytes(UTF_8));
    }

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> parse(json)).as(json).isInstanceOf(LiveRequestException.class)
                .hasMessageContaining(message);
    }

    @Test
    void readsQtyNameOrBoth() {
        assertThat(parse("{\"qty\":4}")).isEqualTo(new ItemUpdate(4, null));
        assertThat(parse("{\"name\":\"x\"}")).isEqualTo(new ItemUpdate(null, "x"));
        assertThat(parse("{\"name\":\"x\",\"qty\":-1}")).isEqualTo(new ItemUpdate(-1, "x"));
    }

    @Test
    void refusesAnythingElse() {
        refused("{}", "nothing to change");
        refused("[]", "not a JSON object");
        refused("{\"qty\":1.5}", "\"qty\"");
        refused("{\"qty\":\"4\"}", "\"qty\"");
        refused("{\"qty\":4294967296}", "\"qty\"");
        refused("{\"name\":\"\"}", "\"name\"");
        refused("{\"name\":\"" + "n".repeat(ItemUpdate.MAX_NAME + 1) + "\"}", "\"name\"");
        refused("{\"name\":7}", "\"name\"");
        refused("{\"price\":7}", "unknown field \"price\"");
        refused("{\"qty\":1", "not valid JSON");
        refused("{\"qty\":1} x", "not valid JSON");
        refused("{\"qty\":1}" + " ".repeat(ItemUpdate.MAX_BYTES), "bytes (expected: at most");
    }
}
