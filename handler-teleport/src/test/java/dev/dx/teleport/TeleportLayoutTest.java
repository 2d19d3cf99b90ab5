package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** §4: FNV-1a 64 over the canonical layout string. */
class TeleportLayoutTest {

    @Test
    void specExampleFingerprint() {
        assertThat(TestBytes.USER.fingerprint()).isEqualTo(0xdc414aabc54060cbL);
        assertThat(TestBytes.USER.name()).isEqualTo("User");
        assertThat(TestBytes.USER.size()).isEqualTo(24);
        assertThat(TestBytes.USER.align()).isEqualTo(8);
    }

    @Test
    void fnv1a64ReferenceValues() {
        // offset basis for no input; published FNV-1a 64 values for "a" and "foobar"
        assertThat(TeleportLayout.fingerprintOf("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(TeleportLayout.fingerprintOf("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(TeleportLayout.fingerprintOf("foobar")).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void hashesUtf8Bytes() {
        // "é" is c3 a9: two rounds, not one round of the UTF-16 unit
        long h = 0xcbf29ce484222325L;
        h = (h ^ 0xc3) * 0x100000001b3L;
        h = (h ^ 0xa9) * 0x100000001b3L;
        assertThat(TeleportLayout.fingerprintOf("é")).isEqualTo(h);
    }

    @Test
    void rejectsInconsistentLayouts() {
        assertThatThrownBy(() -> TeleportLayout.of("struct A{}#0:3", 0, 3))
                .hasMessage("align : 3 (expected: 1, 2, 4 or 8)");
        assertThatThrownBy(() -> TeleportLayout.of("struct A{x:i32@0}#6:4", 6, 4))
                .hasMessage("size : 6 (expected: a multiple of align 4)");
        assertThatThrownBy(() -> TeleportLayout.of("struct A{x:i32@0}#8:4", 4, 4))
                .hasMessageStartingWith("canonical : struct A{x:i32@0}#8:4");
        assertThatThrownBy(() -> TeleportLayout.of("struct A{}#0:1", -1, 1))
                .hasMessage("size : -1 (expected: >= 0)");
    }

    @Test
    void equalityFollowsTheCanonicalString() {
        TeleportLayout again = TeleportLayout.of(TestBytes.USER.canonical(), 24, 8);
        assertThat(again).isEqualTo(TestBytes.USER).hasSameHashCodeAs(TestBytes.USER);
        assertThat(TeleportLayout.of("struct A{}#0:1", 0, 1)).isNotEqualTo(TestBytes.USER);
    }
}
