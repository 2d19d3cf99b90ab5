/**
 * HBTP over WebSocket (spec §1, §11.1): each binary WebSocket message carries exactly one HBTP frame, on
 * path {@code /hbtp} (configurable) with the subprotocol {@code hbtp.v1}, or {@code hbtp.v1.1} for a
 * peer that speaks HBTP/1.1, so browsers can speak HBTP. {@link dev.dx.codec.hbtp.websocket.HbtpWebSocket}
 * builds the server pipeline (upgrade, subprotocol check, other HTTP requests, bridge, codec, chunked
 * writes) from an {@link dev.dx.codec.hbtp.websocket.HbtpWebSocketConfig} and tells handlers which
 * subprotocol was negotiated.
 */
package dev.dx.codec.hbtp.websocket;
