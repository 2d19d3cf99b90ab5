package dev.dx.teleport.internal;

/**
 * Loads the JDK-internal class that appears in the signatures of the methods behind a
 * {@code ByteBuffer} view {@link java.lang.invoke.VarHandle}'s accesses, so that C2 can inline
 * those accesses.
 *
 * <p>Every such access goes through {@code jdk.internal.misc.ScopedMemoryAccess}, whose methods
 * take a {@code ScopedMemoryAccess.Scope} (JDK 17–18) or a
 * {@code jdk.internal.foreign.MemorySessionImpl} (JDK 19 and later). For plain heap and direct
 * buffers that argument is {@code null}, so nothing may ever load its class. C2 refuses to inline a
 * method with a class in its signature that is not loaded (reported as "unloaded signature
 * classes"; relaxed in later JDKs by JDK-8294609 and JDK-8332547), and then every read of a
 * Teleport view becomes a call. Whether the class had been loaded by the time a handler's method
 * was compiled depended on timing: in one benchmark, 3 of 8 JVMs read a {@code Car} view 4× slower
 * for their whole run. Loading the class (without initialising it, through the boot loader) removes
 * the race. A name this JDK does not have is skipped.
 */
public final class SignatureClasses {

    private static final String[] NAMES = {
        "jdk.internal.misc.ScopedMemoryAccess$Scope",
        "jdk.internal.foreign.MemorySessionImpl",
    };

    private SignatureClasses() {
    }

    /**
     * Loads each class this JDK has.
     *
     * @return how many were loaded
     */
    public static int load() {
        int loaded = 0;
        for (String name : NAMES) {
            try {
                Class.forName(name, false, null);
                loaded++;
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // not in this JDK (or not loadable here): nothing to do
            }
        }
        return loaded;
    }
}
