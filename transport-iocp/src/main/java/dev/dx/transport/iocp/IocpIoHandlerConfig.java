/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkPositive;

/**
 * Settings of an {@link IocpIoHandler}. Setters validate and return {@code this};
 * {@link IocpIoHandler#newFactory(IocpIoHandlerConfig)} takes a snapshot, so later changes do not reach running
 * event loops.
 *
 * <pre>{@code
 * IoHandlerFactory f = IocpIoHandler.newFactory(new IocpIoHandlerConfig()
 *         .completionBatchSize(256)
 *         .pendingAccepts(16));
 * }</pre>
 */
public final class IocpIoHandlerConfig {

    /** Default number of completion records dequeued per {@code GetQueuedCompletionStatusEx} call. */
    public static final int DEFAULT_COMPLETION_BATCH_SIZE = 128;
    /** Default number of {@code AcceptEx} calls kept pending per listening socket. */
    public static final int DEFAULT_PENDING_ACCEPTS = 8;
    /** Default milliseconds {@code destroy()} waits for aborted operations to come back before giving up. */
    public static final int DEFAULT_SHUTDOWN_DRAIN_MILLIS = 5000;

    private int completionBatchSize = DEFAULT_COMPLETION_BATCH_SIZE;
    private int pendingAccepts = DEFAULT_PENDING_ACCEPTS;
    private int shutdownDrainMillis = DEFAULT_SHUTDOWN_DRAIN_MILLIS;
    private boolean emulated;

    /** Creates a configuration with the defaults. */
    public IocpIoHandlerConfig() {
    }

    private IocpIoHandlerConfig(IocpIoHandlerConfig other) {
        completionBatchSize = other.completionBatchSize;
        pendingAccepts = other.pendingAccepts;
        shutdownDrainMillis = other.shutdownDrainMillis;
        emulated = other.emulated;
    }

    /** Records dequeued per call, 1..65536. */
    public IocpIoHandlerConfig completionBatchSize(int completionBatchSize) {
        this.completionBatchSize = checkInRange(completionBatchSize, 1, 65536, "completionBatchSize");
        return this;
    }

    public int completionBatchSize() {
        return completionBatchSize;
    }

    /**
     * {@code AcceptEx} calls kept pending per listening socket, 1..1024 (a server channel may override it with
     * {@link IocpChannelOption#PENDING_ACCEPTS}).
     */
    public IocpIoHandlerConfig pendingAccepts(int pendingAccepts) {
        this.pendingAccepts = checkInRange(pendingAccepts, 1, 1024, "pendingAccepts");
        return this;
    }

    public int pendingAccepts() {
        return pendingAccepts;
    }

    /** Milliseconds the handler waits, when destroyed, for aborted operations before leaking their memory. */
    public IocpIoHandlerConfig shutdownDrainMillis(int shutdownDrainMillis) {
        this.shutdownDrainMillis = checkPositive(shutdownDrainMillis, "shutdownDrainMillis");
        return this;
    }

    public int shutdownDrainMillis() {
        return shutdownDrainMillis;
    }

    /**
     * Uses the pure-Java emulated completion port instead of the native one. The emulator runs on any OS and
     * exists for tests; it is not a fast transport, and it is not in the production jar: it needs the test-scoped
     * {@code dx-transport-iocp} test-jar on the class path (see {@link Iocp}). Default {@code false}.
     */
    public IocpIoHandlerConfig emulated(boolean emulated) {
        this.emulated = emulated;
        return this;
    }

    public boolean emulated() {
        return emulated;
    }

    IocpIoHandlerConfig snapshot() {
        return new IocpIoHandlerConfig(this);
    }

    @Override
    public String toString() {
        return "IocpIoHandlerConfig(completionBatchSize: " + completionBatchSize + ", pendingAccepts: "
                + pendingAccepts + ", shutdownDrainMillis: " + shutdownDrainMillis + ", emulated: " + emulated + ')';
    }
}
