/**
 * The dev server's middleware chains, declared with {@code @MiddlewareChain}: the CIM processor generates
 * one final class of straight-line calls for each ({@code SiteChain_Cim}, {@code ApiChain_Cim},
 * {@code HbtpChain_Cim}).
 */
package dev.dx.devserver.chains;
