package dev.dx.reactor.internal;

import dev.dx.reactor.Backend;

import java.util.Locale;
import java.util.Objects;

/**
 * The Netty native jar a {@link Backend} needs on a given OS and CPU: its artifact, its Maven classifier
 * and the library it carries, so a backend that cannot load can say which jar is missing.
 *
 * <p>Pure: {@link #of(Backend, String, String)} derives everything from {@code os.name} and
 * {@code os.arch} values passed in, as Netty and the {@code os-maven-plugin} name them
 * ({@code linux-x86_64}, {@code linux-aarch_64}, {@code osx-x86_64}, {@code osx-aarch_64}, ...).
 */
public final class NativeJar {

    private final String artifactId;
    private final String classifier;
    private final String libraryResource;

    private NativeJar(String artifactId, String classifier, String libraryResource) {
        this.artifactId = artifactId;
        this.classifier = classifier;
        this.libraryResource = libraryResource;
    }

    /**
     * Returns the native jar {@code backend} needs on {@code osName}/{@code osArch}, or {@code null} when
     * the backend has no Netty native jar for that OS (NIO and IOCP never do; io_uring and epoll only on
     * Linux; kqueue only on macOS).
     */
    public static NativeJar of(Backend backend, String osName, String osArch) {
        String os = normalizedOs(osName);
        String arch = normalizedArch(osArch);
        switch (backend) {
            case IO_URING:
                return "linux".equals(os) ? new NativeJar("netty-transport-native-io_uring", os + "-" + arch,
                        "META-INF/native/libnetty_transport_native_io_uring42_" + arch + ".so") : null;
            case EPOLL:
                return "linux".equals(os) ? new NativeJar("netty-transport-native-epoll", os + "-" + arch,
                        "META-INF/native/libnetty_transport_native_epoll_" + arch + ".so") : null;
            case KQUEUE:
                return "osx".equals(os) ? new NativeJar("netty-transport-native-kqueue", os + "-" + arch,
                        "META-INF/native/libnetty_transport_native_kqueue_" + arch + ".jnilib") : null;
            default:
                return null;
        }
    }

    /** {@code linux} or {@code osx}, or {@code null} for an OS without Netty native jars. */
    static String normalizedOs(String osName) {
        String os = Objects.requireNonNull(osName, "osName").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("mac") || os.startsWith("osx") || os.startsWith("darwin")) {
            return "osx";
        }
        return null;
    }

    /** The architecture as Netty's classifiers spell it: {@code amd64} is {@code x86_64}, {@code arm64} is {@code aarch_64}. */
    static String normalizedArch(String osArch) {
        String arch = Objects.requireNonNull(osArch, "osArch").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        switch (arch) {
            case "amd64":
            case "x8664":
            case "x64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch_64";
            case "ppc64le":
                return "ppcle_64";
            case "s390x":
                return "s390_64";
            case "loongarch64":
                return "loongarch_64";
            default:
                return arch;
        }
    }

    /** The Maven artifactId, for example {@code netty-transport-native-io_uring}. */
    public String artifactId() {
        return artifactId;
    }

    /** The Maven classifier, for example {@code linux-aarch_64}. */
    public String classifier() {
        return classifier;
    }

    /** The class path resource of the native library inside the jar. */
    public String libraryResource() {
        return libraryResource;
    }

    /** Whether {@code loader} sees this jar's native library. */
    public boolean isOnClassPath(ClassLoader loader) {
        return loader.getResource(libraryResource) != null;
    }

    /** {@code "netty-transport-native-io_uring with classifier linux-aarch_64 is not on the class path"}. */
    public String missingMessage() {
        return artifactId + " with classifier " + classifier + " is not on the class path";
    }

    @Override
    public String toString() {
        return "io.netty:" + artifactId + ":" + classifier;
    }
}
