package dev.dx.dbteleport.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource in front of another that counts connections taken, records the threads that took
 * them, can hold {@code getConnection} until the test opens a gate, and can run a hook when a
 * connection is closed (after a fill's query ran, before its result is offered to the cache).
 */
public final class CountingDataSource implements DataSource {

    private final DataSource delegate;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate;
    private volatile Runnable onClose;

    /** Counts connections taken from {@code delegate}. */
    public CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Connections taken since the last {@link #reset()}. */
    public int connections() {
        return connections.get();
    }

    /** The threads that took them. */
    public List<Thread> threads() {
        return threads;
    }

    /** Forgets counts and threads. */
    public void reset() {
        connections.set(0);
        threads.clear();
    }

    /** From now on {@code getConnection} waits (up to 30 s) until {@link #releaseConnections()}. */
    public void holdConnections() {
        gate = new CountDownLatch(1);
    }

    /** Lets waiting and later {@code getConnection} calls through. */
    public void releaseConnections() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Runs {@code hook} (once) when the next connection taken is closed; {@code null} for none. */
    public void onNextClose(Runnable hook) {
        this.onClose = hook;
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections.incrementAndGet();
        threads.add(Thread.currentThread());
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(30, TimeUnit.SECONDS)) {
                    throw new SQLException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(e);
            }
        }
        Connection real = delegate.getConnection();
        Runnable hook = onClose;
        onClose = null;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && hook != null) {
                        try {
                            return method.invoke(real, args);
                        } finally {
                            hook.run();
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
