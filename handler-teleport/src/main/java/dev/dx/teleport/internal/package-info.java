/** Implementation details of Teleport; not API. */
package dev.dx.teleport.internal;
