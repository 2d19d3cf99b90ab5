package dev.dx.codec.hbtp;

/**
 * The protocol version a peer is known to speak. §11 frames (metadata, RpcCancel, RpcStreamCredit,
 * GoAway) and §12 Batches go only to an HBTP/1.1 peer, known by configuration or, over WebSocket, by the
 * subprotocol {@code hbtp.v1.1} (§11.1).
 */
public enum HbtpVersion {
    /** HBTP/1: §1-§10 only. */
    V1,
    /** HBTP/1.1: §11 and §12 too. */
    V1_1
}
