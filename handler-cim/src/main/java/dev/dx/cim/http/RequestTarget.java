package dev.dx.cim.http;

/**
 * Splits an HTTP request target into its path and its query, without decoding either. Accepts the
 * origin form ({@code /a/b?x=1}), the absolute form ({@code http://host/a/b?x=1}, whose scheme and
 * authority are dropped) and the asterisk form ({@code *}); a fragment, which clients should not send,
 * is dropped.
 */
final class RequestTarget {

    private RequestTarget() {
    }

    /** The path of {@code uri}, still percent-encoded, without query or fragment: {@code "/a/b"}. */
    static String path(String uri) {
        int start = 0;
        if (!uri.startsWith("/") && !uri.equals("*")) {
            int scheme = uri.indexOf("://");
            if (scheme > 0) {
                int slash = uri.indexOf('/', scheme + 3);
                int query = firstOf(uri, scheme + 3);
                if (slash < 0 || (query >= 0 && query < slash)) {
                    return "/";
                }
                start = slash;
            }
        }
        int end = firstOf(uri, start);
        return start == 0 && end < 0 ? uri : uri.substring(start, end < 0 ? uri.length() : end);
    }

    /** The index of the first {@code ?} or {@code #} at or after {@code from}, or -1. */
    private static int firstOf(String uri, int from) {
        for (int i = from; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return -1;
    }
}
