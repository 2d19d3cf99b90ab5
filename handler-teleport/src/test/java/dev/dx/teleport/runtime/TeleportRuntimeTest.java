package dev.dx.teleport.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The version check generated classes make when they load, and the header offsets of §1. */
class TeleportRuntimeTest {

    @Test
    void theSameVersionPasses() {
        assertThat(TeleportRuntime.requireVersion(TeleportRuntime.VERSION, "User_Teleport"))
                .isEqualTo(TeleportRuntime.VERSION);
    }

    @Test
    void anotherVersionFailsNamingBothAndTheClass() {
        for (int other : new int[] {TeleportRuntime.VERSION - 1, TeleportRuntime.VERSION + 1}) {
            assertThatThrownBy(() -> TeleportRuntime.requireVersion(other, "User_Teleport"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("User_Teleport was generated for Teleport runtime version " + other)
                    .hasMessageContaining("this runtime (dx-handler-teleport) is version " + TeleportRuntime.VERSION);
        }
    }

    @Test
    void headerOffsetsAreThoseOfTheFormat() {
        assertThat(TeleportRuntime.FINGERPRINT_OFFSET).isEqualTo(8);
        assertThat(TeleportRuntime.DATA_LENGTH_OFFSET).isEqualTo(16);
        assertThat(TeleportRuntime.STRING_LENGTH_OFFSET).isEqualTo(20);
        assertThat(TeleportRuntime.HEADER_SIZE).isEqualTo(24);
    }
}
