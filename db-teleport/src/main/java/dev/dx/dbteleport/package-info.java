/**
 * DbTeleport: a PostgreSQL query cache whose entries are Teleport messages (Teleport/1.1 §7), stored
 * once as ready-to-send HBTP answer bodies and removed by LISTEN/NOTIFY when a committed change makes
 * them stale.
 */
package dev.dx.dbteleport;
