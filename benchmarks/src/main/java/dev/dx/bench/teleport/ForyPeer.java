package dev.dx.bench.teleport;

import org.apache.fory.Fory;
import org.apache.fory.config.Language;

/**
 * The Apache Fory configuration the decode benchmarks use: Fory's Java format, the benchmark
 * records registered (so class names are not written), no reference tracking (the records hold no
 * shared or cyclic references), and Fory's defaults otherwise (generated serializers, compressed
 * numbers). A {@link Fory} is not thread-safe: one per benchmark state.
 */
final class ForyPeer {

    private ForyPeer() {
    }

    /** A Fory instance with {@link User}, {@link Car} and {@link FuelFigure} registered. */
    static Fory newFory() {
        Fory fory = Fory.builder()
                .withLanguage(Language.JAVA)
                .requireClassRegistration(true)
                .withRefTracking(false)
                .build();
        fory.register(User.class);
        fory.register(Car.class);
        fory.register(FuelFigure.class);
        return fory;
    }
}
