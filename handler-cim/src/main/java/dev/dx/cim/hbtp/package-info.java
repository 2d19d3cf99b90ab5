/** Middleware chains over HBTP: {@link dev.dx.cim.hbtp.CimHbtp} and {@link dev.dx.cim.hbtp.HbtpCimExchange}. */
package dev.dx.cim.hbtp;
