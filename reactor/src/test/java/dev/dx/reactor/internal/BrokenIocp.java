package dev.dx.reactor.internal;

/** Breaks the lookup contract: no isAvailable() method. */
public final class BrokenIocp {
    private BrokenIocp() {
    }
}
