/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's fault hooks, which let the transport's tests reach its failure paths: failures armed per thread
 * for the next call of one {@link IocpApi} method, and destinations whose ConnectEx is never answered.
 *
 * <p>It touches only its own state: the armed failures live in a {@link ThreadLocal}, so arming on one thread is
 * never seen by another (the event loops of other tests); the unanswered destinations are a concurrent set shared by
 * all threads. {@link EmulatedIocpApi} asks it at the start of each call ({@link #takeFailure}), and on behalf of
 * {@link EmulatedSocket} before a connection attempt starts ({@link #unanswered(InetSocketAddress)}).
 */
final class EmulatedFaultHooks {

    /** The methods of {@link IocpApi} and {@link NonBlockingRecv} that can fail, by name. */
    static final Set<String> FAILABLE = Set.copyOf(Arrays.asList("createPort", "associate", "dequeue", "post",
            "newOperation", "cancel", "socket", "closeSocket", "bind", "listen", "localAddress", "remoteAddress",
            "shutdown", "setOption", "getOption", "accept", "updateAcceptContext", "connect", "updateConnectContext",
            "connectDatagram", "recv", "tryRecv", "send", "recvFrom", "sendTo", "operationAddress", "openFile",
            "fileSize", "readFile", "closeFile"));

    /** Failures armed on each thread, by call name. */
    private final ThreadLocal<Map<String, Integer>> armed = ThreadLocal.withInitial(HashMap::new);
    /** Destinations whose ConnectEx is never answered. */
    private final Set<InetSocketAddress> unanswered = ConcurrentHashMap.newKeySet();

    /**
     * Arms {@code error} for the next call of {@code call} on the current thread.
     *
     * @throws IllegalArgumentException if {@code call} is not one of {@link #FAILABLE}, or {@code error} is not
     *         positive
     */
    void armFailure(String call, int error) {
        if (!FAILABLE.contains(call)) {
            throw new IllegalArgumentException("call : " + call + " (expected: one of " + FAILABLE + ')');
        }
        if (error <= 0) {
            throw new IllegalArgumentException("error : " + error + " (expected: > 0)");
        }
        armed.get().put(call, error);
    }

    /** Forgets the failures armed on the current thread. */
    void disarmFailures() {
        armed.get().clear();
    }

    /** The calls armed on the current thread that have not been made yet. */
    Set<String> armedFailures() {
        return Set.copyOf(armed.get().keySet());
    }

    /** The error armed for {@code call} on the current thread (disarming it), or 0. */
    int takeFailure(String call) {
        Map<String, Integer> failures = armed.get();
        if (failures.isEmpty()) {
            return 0;
        }
        Integer error = failures.remove(call);
        return error == null ? 0 : error;
    }

    /** From now on a ConnectEx to {@code address} stays pending until it is cancelled or its socket closed. */
    void leaveConnectsUnanswered(InetSocketAddress address) {
        unanswered.add(address);
    }

    /** Undoes {@link #leaveConnectsUnanswered} for {@code address}. */
    void answerConnects(InetSocketAddress address) {
        unanswered.remove(address);
    }

    /** True if a ConnectEx to {@code address} must stay pending. */
    boolean unanswered(InetSocketAddress address) {
        return !unanswered.isEmpty() && unanswered.contains(address);
    }
}
