/**
 * Live data: queries registered in {@code DbTeleport}, answered as HBTP calls, server streams that push a
 * new result after each committed change, and JSON over HTTP; the embedded demo database.
 */
package dev.dx.devserver.live;
