/**
 * Hot reload: watches the site directory, classifies each change (stylesheet, text-only HTML edit,
 * anything else) and pushes it to the open pages over HBTP-over-WebSocket.
 */
package dev.dx.devserver.reload;
