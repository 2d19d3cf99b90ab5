package dev.dx.reactor.internal;

import io.netty.channel.IoHandlerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Finds the Windows IOCP transport ({@code dx-transport-iocp}) by reflection, so the reactor runs
 * without it on Linux and macOS.
 *
 * <p>The contract: class {@value #IOCP} with static {@code boolean isAvailable()} and static
 * {@code Throwable unavailabilityCause()}; class {@value #IO_HANDLER} with static
 * {@code IoHandlerFactory newFactory()}; channel classes {@value #SERVER_SOCKET_CHANNEL},
 * {@value #SOCKET_CHANNEL} and {@value #DATAGRAM_CHANNEL}.
 */
public final class IocpLookup {

    static final String PACKAGE = "dev.dx.transport.iocp.";
    static final String IOCP = PACKAGE + "Iocp";
    static final String IO_HANDLER = PACKAGE + "IocpIoHandler";
    static final String SERVER_SOCKET_CHANNEL = PACKAGE + "IocpServerSocketChannel";
    static final String SOCKET_CHANNEL = PACKAGE + "IocpSocketChannel";
    static final String DATAGRAM_CHANNEL = PACKAGE + "IocpDatagramChannel";

    private IocpLookup() {
    }

    /** Why IOCP cannot run, or {@code null} when {@code Iocp.isAvailable()} says it can. */
    static Throwable unavailabilityCause() {
        return unavailabilityCause(IocpLookup.class.getClassLoader(), IOCP);
    }

    static Throwable unavailabilityCause(ClassLoader loader, String iocpClassName) {
        Class<?> iocp;
        try {
            iocp = Class.forName(iocpClassName, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return new ClassNotFoundException("the dx-transport-iocp jar is not on the class path ("
                    + iocpClassName + " not found)", e);
        }
        try {
            if ((Boolean) iocp.getMethod("isAvailable").invoke(null)) {
                return null;
            }
            Object cause = iocp.getMethod("unavailabilityCause").invoke(null);
            return cause instanceof Throwable ? (Throwable) cause
                    : new UnsupportedOperationException(iocpClassName + ".isAvailable() returned false");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new UnsupportedOperationException(
                    iocpClassName + " does not follow the lookup contract", unwrap(e));
        }
    }

    static IoHandlerFactory newFactory() {
        try {
            Method m = Class.forName(IO_HANDLER, true, IocpLookup.class.getClassLoader())
                    .getMethod("newFactory");
            return (IoHandlerFactory) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the IOCP IoHandlerFactory", unwrap(e));
        }
    }

    static <T> Class<? extends T> channelClass(String name, Class<T> type) {
        try {
            return Class.forName(name, false, IocpLookup.class.getClassLoader()).asSubclass(type);
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("cannot load the IOCP channel class " + name, e);
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
    }
}
