package dev.dx.teleport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignatureClassesTest {

    @Test
    void loadsTheScopeClassOfThisJdk() {
        // JDK 17-18 have ScopedMemoryAccess$Scope, JDK 19 and later MemorySessionImpl: exactly one
        assertThat(SignatureClasses.load()).isEqualTo(1);
    }
}
