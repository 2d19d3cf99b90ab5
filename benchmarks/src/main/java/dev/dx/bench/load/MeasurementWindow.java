package dev.dx.bench.load;

/**
 * Told when a {@link LoadGenerator} run's measured window opens (the warm-up is over) and closes, on
 * the thread that runs the load, so a tool can sample something else over exactly the same window: the
 * server process's CPU time, for instance.
 */
public interface MeasurementWindow {

    /** The window of nothing: the default. */
    MeasurementWindow NONE = new MeasurementWindow() {
        @Override
        public void opened() {
        }

        @Override
        public void closed() {
        }
    };

    /** The warm-up is over; requests answered from now on are measured. */
    void opened();

    /** The measurement is over. */
    void closed();
}
