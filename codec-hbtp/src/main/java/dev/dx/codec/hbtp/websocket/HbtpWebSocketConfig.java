package dev.dx.codec.hbtp.websocket;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of an HBTP WebSocket endpoint (spec §1, §11.1). Final, with fluent setters that validate
 * their argument and return {@code this}; {@link HbtpWebSocket#addServerHandlers} takes a
 * {@link #snapshot()}, so later edits never reach a running channel.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #path(String)}</td><td>{@code /hbtp}</td><td>the request URI of the upgrade, matched
 *       exactly (a query string makes it another path)</td></tr>
 *   <tr><td>{@link #subprotocols(String...)}</td><td>{@code hbtp.v1.1}, {@code hbtp.v1}</td><td>the
 *       subprotocols accepted; an upgrade that offers none of them is refused with 400</td></tr>
 *   <tr><td>{@link #maxHttpContentLength(int)}</td><td>65,536</td><td>the largest body of an HTTP
 *       request before the upgrade (other paths included); larger ones are answered 413 by
 *       {@code HttpObjectAggregator}</td></tr>
 * </table>
 *
 * The largest WebSocket message is not set here: it is one frame of the codec's
 * {@code HbtpCodecConfig.maxFrameLength()} plus its 8-byte header.
 */
public final class HbtpWebSocketConfig {

    /** The default {@link #maxHttpContentLength(int)}. */
    public static final int DEFAULT_MAX_HTTP_CONTENT_LENGTH = 65_536;

    private static final Set<String> KNOWN = Set.of(HbtpWebSocket.SUBPROTOCOL, HbtpWebSocket.SUBPROTOCOL_V1_1);

    private String path = HbtpWebSocket.PATH;
    private List<String> subprotocols = List.of(HbtpWebSocket.SUBPROTOCOL_V1_1, HbtpWebSocket.SUBPROTOCOL);
    private int maxHttpContentLength = DEFAULT_MAX_HTTP_CONTENT_LENGTH;

    /** Creates a configuration with the defaults of the table above. */
    public HbtpWebSocketConfig() {
    }

    /** Sets the path of the endpoint: starts with {@code /}, no query, no spaces. */
    public HbtpWebSocketConfig path(String path) {
        checkNotNull(path, "path");
        if (!path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf('#') >= 0
                || path.chars().anyMatch(c -> c <= ' ' || c >= 0x7F)) {
            throw new IllegalArgumentException("path : " + path
                    + " (expected: starts with /, printable ASCII without ?, # or spaces)");
        }
        this.path = path;
        return this;
    }

    /**
     * Sets the subprotocols accepted, each {@value HbtpWebSocket#SUBPROTOCOL} or
     * {@value HbtpWebSocket#SUBPROTOCOL_V1_1}, at least one. When a client offers several, the first in
     * the client's list that is accepted is chosen.
     */
    public HbtpWebSocketConfig subprotocols(String... subprotocols) {
        checkNotNull(subprotocols, "subprotocols");
        Set<String> set = new LinkedHashSet<>();
        for (String s : subprotocols) {
            if (!KNOWN.contains(s)) {
                throw new IllegalArgumentException("subprotocols : " + Arrays.toString(subprotocols)
                        + " (expected: " + HbtpWebSocket.SUBPROTOCOL_V1_1 + " and/or " + HbtpWebSocket.SUBPROTOCOL + ")");
            }
            set.add(s);
        }
        checkPositive(set.size(), "subprotocols.length");
        this.subprotocols = List.copyOf(set);
        return this;
    }

    /** Sets the largest body of an HTTP request before the upgrade. */
    public HbtpWebSocketConfig maxHttpContentLength(int maxHttpContentLength) {
        this.maxHttpContentLength = checkPositive(maxHttpContentLength, "maxHttpContentLength");
        return this;
    }

    /** The path of the endpoint. */
    public String path() {
        return path;
    }

    /** The subprotocols accepted (immutable). */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** The largest body of an HTTP request before the upgrade. */
    public int maxHttpContentLength() {
        return maxHttpContentLength;
    }

    /** Returns an independent copy, as {@link HbtpWebSocket#addServerHandlers} does. */
    public HbtpWebSocketConfig snapshot() {
        HbtpWebSocketConfig c = new HbtpWebSocketConfig();
        c.path = path;
        c.subprotocols = subprotocols;
        c.maxHttpContentLength = maxHttpContentLength;
        return c;
    }

    @Override
    public String toString() {
        return "HbtpWebSocketConfig(path=" + path + ", subprotocols=" + subprotocols
                + ", maxHttpContentLength=" + maxHttpContentLength + ")";
    }
}
