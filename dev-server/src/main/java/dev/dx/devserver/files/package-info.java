/**
 * Static files over HTTP/1.1: safe path resolution under the site root, content types, ETag and 304,
 * Range, compressed text, and zero-copy file bodies where the transport allows.
 */
package dev.dx.devserver.files;
