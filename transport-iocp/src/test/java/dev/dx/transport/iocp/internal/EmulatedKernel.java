/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The emulator's "kernel" thread: it owns the {@link Selector} over the sockets' non-blocking channels and, round
 * after round, lets every socket that is ready or was marked by a call ({@link #markDirty}) make progress, then
 * performs the queued file reads. It is what turns a started operation into a completion record on a port.
 *
 * <p>It may touch its selector, its set of sockets to progress, and what {@link EmulatedSocket#progress} and
 * {@link EmulatedFiles#performReads} touch, which it calls while holding the emulator's lock; it never looks a handle
 * up. {@link #markDirty} and {@link #forget} are called under that lock, {@link #wakeup} from any thread.
 */
final class EmulatedKernel {

    private final Object lock;
    /** Sockets to progress in the next round. */
    private final Set<EmulatedSocket> dirty = new LinkedHashSet<>();
    private Selector selector;
    private Thread thread;

    /** A kernel that takes the emulator's {@code lock} for each round. */
    EmulatedKernel(Object lock) {
        this.lock = lock;
    }

    /**
     * Starts the thread, once (later calls do nothing); it completes operations through {@code api} and performs the
     * reads queued in {@code files}. Returns 0, or the error of opening the selector.
     */
    int start(EmulatedIocpApi api, EmulatedFiles files) {
        synchronized (lock) {
            if (thread != null) {
                return 0;
            }
            try {
                selector = Selector.open();
            } catch (IOException e) {
                return EmulatedErrors.of(e);
            }
            thread = new Thread(() -> run(api, files), "dx-iocp-emulator");
            thread.setDaemon(true);
            thread.start();
            return 0;
        }
    }

    /** Lets {@code socket} make progress in the next round (call {@link #wakeup} after releasing the lock). */
    void markDirty(EmulatedSocket socket) {
        dirty.add(socket);
    }

    /** Drops {@code socket} from the next round (it is being closed). */
    void forget(EmulatedSocket socket) {
        dirty.remove(socket);
    }

    /** Makes the thread start a round now. */
    void wakeup() {
        selector.wakeup();
    }

    private void run(EmulatedIocpApi api, EmulatedFiles files) {
        Set<EmulatedSocket> retry = new LinkedHashSet<>();
        for (;;) {
            try {
                if (retry.isEmpty()) {
                    selector.select();
                } else {
                    selector.select(1);
                }
            } catch (IOException e) {
                continue;
            }
            synchronized (lock) {
                for (SelectionKey k : selector.selectedKeys()) {
                    dirty.add((EmulatedSocket) k.attachment());
                }
                selector.selectedKeys().clear();
                dirty.addAll(retry);
                retry.clear();
                for (EmulatedSocket s : dirty) {
                    try {
                        if (s.progress(api, selector)) {
                            retry.add(s);
                        }
                    } catch (RuntimeException e) {
                        // a bug in the emulator must not stop the kernel thread: the socket is retried next round
                        retry.add(s);
                    }
                }
                dirty.clear();
                files.performReads(api);
            }
        }
    }
}
