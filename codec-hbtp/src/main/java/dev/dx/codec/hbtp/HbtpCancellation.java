package dev.dx.codec.hbtp;

/**
 * Something that can be cancelled and tells its listeners when it is: an {@link HbtpExchange} (the
 * server's view of a call), or a signal the application owns. {@link HbtpCallOptions#cancellation} links
 * an outgoing call to one, so that cancelling the incoming call cancels the calls made on its behalf.
 */
@FunctionalInterface
public interface HbtpCancellation {

    /**
     * Registers {@code listener} to run once on cancellation; it runs at once when cancellation has
     * already happened. It may run on any thread, so keep it short and thread-safe.
     */
    void onCancel(Runnable listener);
}
