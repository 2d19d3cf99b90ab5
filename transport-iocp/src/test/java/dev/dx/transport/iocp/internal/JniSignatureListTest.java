/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks, on every OS, that {@link Native} mirrors {@link IocpApi} one to one (so {@link JniIocpApi} stays a thin
 * adapter) and that the generator of the expected JNI registrations computes JNI signatures correctly. The Wine
 * harness then checks the DLL against the generated list. Also covers the error report of {@link NativeLibraryLoader}.
 */
class JniSignatureListTest {

    /** The methods JniIocpApi implements: those of IocpApi and of the optional NonBlockingRecv. */
    private static List<String> apiMethods() {
        List<String> api = new ArrayList<>();
        for (Class<?> type : new Class<?>[] {IocpApi.class, NonBlockingRecv.class}) {
            for (Method m : type.getDeclaredMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    api.add(m.getName() + JniSignatureList.signature(m));
                }
            }
        }
        return api;
    }

    @Test
    void everyApiMethodHasAStaticNativeTwinWithTheSameSignature() {
        List<String> api = apiMethods();
        assertThat(NonBlockingRecv.class).isAssignableFrom(JniIocpApi.class);
        List<String> natives = new ArrayList<>();
        for (Method m : Native.class.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers())) {
                assertThat(Modifier.isStatic(m.getModifiers())).as(m.getName()).isTrue();
                natives.add(m.getName() + JniSignatureList.signature(m));
            }
        }
        assertThat(natives).containsExactlyInAnyOrderElementsOf(api);
    }

    @Test
    void jniSignatures() throws Exception {
        assertThat(JniSignatureList.signature(Native.class.getDeclaredMethod("send", long.class, ByteBuffer[].class,
                int[].class, int[].class, int.class, long.class))).isEqualTo("(J[Ljava/nio/ByteBuffer;[I[IIJ)I");
        assertThat(JniSignatureList.signature(Native.class.getDeclaredMethod("openFile", String.class)))
                .isEqualTo("(Ljava/lang/String;)J");
        assertThat(JniSignatureList.signature(Native.class.getDeclaredMethod("freeOperation", long.class)))
                .isEqualTo("(J)V");
        assertThat(JniSignatureList.descriptor(boolean[][].class)).isEqualTo("[[Z");
    }

    @Test
    void headerListsEveryNativeSorted() {
        List<JniSignatureList.Entry> entries = JniSignatureList.natives(Native.class);
        assertThat(entries).hasSize(apiMethods().size());
        assertThat(entries).isSortedAccordingTo((a, b) -> a.name().compareTo(b.name()));
        String header = JniSignatureList.header(entries);
        assertThat(header)
                .contains("#define DX_EXPECTED_CLASS \"dev/dx/transport/iocp/internal/Native\"")
                .contains("#define DX_EXPECTED_COUNT " + entries.size())
                .contains("{ \"accept\", \"(JJJ)I\" },")
                .contains("{ \"dequeue\", \"(JLjava/nio/ByteBuffer;II)I\" },");
    }
}
