package dev.dx.devserver.live;

/**
 * A request for live data that cannot be served as asked: arguments that are not the expected JSON,
 * over a limit, an unknown query, parameters that do not fit it. The message names the problem and is
 * meant for the client (HBTP: RpcError {@link LiveData#BAD_REQUEST}; HTTP: 400, or 404 for an unknown
 * query).
 */
public final class LiveRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean unknownQuery;

    /** A bad request. */
    public LiveRequestException(String message) {
        this(message, false);
    }

    LiveRequestException(String message, boolean unknownQuery) {
        super(message, null, false, false);
        this.unknownQuery = unknownQuery;
    }

    /** Whether the request named a query that is not registered. */
    public boolean isUnknownQuery() {
        return unknownQuery;
    }
}
