/**
 * dx-dev, the dx-www dev server on DxReactor: {@code DevServer} puts static files, hot reload over
 * HBTP-over-WebSocket and live data from {@code DbTeleport} behind one port. The protocol between the
 * server and the browser runtime is {@code docs/dev-server.md}.
 */
package dev.dx.devserver;
