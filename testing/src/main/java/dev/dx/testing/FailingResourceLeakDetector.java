package dev.dx.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * A Netty {@link ResourceLeakDetector} that remembers every leak it reports, so a test run can
 * fail on it instead of only logging it.
 *
 * <p>Netty instantiates it when the JVM runs with
 * {@code -Dio.netty.customResourceLeakDetector=dev.dx.testing.FailingResourceLeakDetector} (the
 * root pom's Surefire configuration sets it, with {@code -Dio.netty.leakDetectionLevel=paranoid}).
 * {@link LeakCheckExtension} drains {@link #drainLeaks()} after each test class and fails it.
 *
 * @param <T> the tracked resource type
 */
public class FailingResourceLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final List<String> LEAKS = new ArrayList<>();

    /** Called by Netty's default {@code ResourceLeakDetectorFactory}. */
    public FailingResourceLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** Called by Netty's default factory through its older three-argument path. */
    @SuppressWarnings("deprecation")
    public FailingResourceLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    /** Returns and forgets every leak reported since the last call. */
    public static List<String> drainLeaks() {
        synchronized (LEAKS) {
            List<String> copy = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return copy;
        }
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
                + " (no access records: run with -Dio.netty.leakDetectionLevel=paranoid).");
        super.reportUntracedLeak(resourceType);
    }

    private static void record(String leak) {
        synchronized (LEAKS) {
            LEAKS.add(leak);
        }
    }
}
