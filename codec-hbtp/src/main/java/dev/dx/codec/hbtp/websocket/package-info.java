/**
 * HBTP over WebSocket (spec §1): each binary WebSocket message carries exactly one HBTP frame, on path
 * {@code /hbtp} with subprotocol {@code hbtp.v1}, so browsers can speak HBTP.
 */
package dev.dx.codec.hbtp.websocket;
