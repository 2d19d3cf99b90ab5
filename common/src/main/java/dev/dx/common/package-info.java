/**
 * Small helpers shared by every dx module. Nothing here depends on Netty.
 *
 * <p>{@link dev.dx.common.Checks} holds the argument checks behind every config object and
 * builder, with one message format: {@code name : value (expected: ...)}.
 */
package dev.dx.common;
