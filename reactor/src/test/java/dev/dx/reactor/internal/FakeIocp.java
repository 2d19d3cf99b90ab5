package dev.dx.reactor.internal;

/** Stands in for dev.dx.transport.iocp.Iocp in the lookup contract test. */
public final class FakeIocp {
    static volatile boolean available;
    static volatile Throwable cause = new UnsupportedOperationException("not Windows");

    private FakeIocp() {
    }

    public static boolean isAvailable() {
        return available;
    }

    public static Throwable unavailabilityCause() {
        return cause;
    }
}
