package dev.dx.devserver.files;

/** A request path that cannot name a file: a malformed percent escape, NUL, a backslash, bytes that are not UTF-8. Answered {@code 400}. */
final class BadPathException extends Exception {

    private static final long serialVersionUID = 1L;

    BadPathException(String message) {
        super(message);
    }
}
