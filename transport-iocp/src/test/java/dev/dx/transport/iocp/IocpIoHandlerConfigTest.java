/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

import java.util.Locale;

/** Validation and snapshots of {@link IocpIoHandlerConfig}; {@link Iocp} availability off Windows. */
class IocpIoHandlerConfigTest {

    @Test
    void settersValidateAndNameTheSetting() {
        IocpIoHandlerConfig c = new IocpIoHandlerConfig();
        assertThatThrownBy(() -> c.completionBatchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("completionBatchSize : 0");
        assertThatThrownBy(() -> c.pendingAccepts(1025)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pendingAccepts : 1025");
        assertThatThrownBy(() -> c.shutdownDrainMillis(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shutdownDrainMillis : -1");
        assertThat(c.completionBatchSize(7).pendingAccepts(3).completionBatchSize()).isEqualTo(7);
        assertThat(c.pendingAccepts()).isEqualTo(3);
    }

    @Test
    void snapshotIsIndependentOfLaterChanges() {
        IocpIoHandlerConfig c = new IocpIoHandlerConfig().completionBatchSize(9);
        IocpIoHandlerConfig s = c.snapshot();
        c.completionBatchSize(10).emulated(true);
        assertThat(s.completionBatchSize()).isEqualTo(9);
        assertThat(s.emulated()).isFalse();
    }

    @Test
    void nativeTransportIsUnavailableOffWindowsAndSaysWhy() {
        assumeFalse(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"));
        assertThat(Iocp.isAvailable()).isFalse();
        assertThat(Iocp.unavailabilityCause()).hasMessageContaining("requires Windows");
        assertThatThrownBy(Iocp::ensureAvailability).isInstanceOf(UnsatisfiedLinkError.class)
                .hasCauseInstanceOf(UnsupportedOperationException.class);
        if (System.getProperty(Iocp.EMULATE_PROPERTY) == null) {
            assertThatThrownBy(IocpIoHandler::newFactory).isInstanceOf(UnsatisfiedLinkError.class);
        }
    }
}
