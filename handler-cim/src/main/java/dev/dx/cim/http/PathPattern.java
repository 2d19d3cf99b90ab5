package dev.dx.cim.http;

import static dev.dx.common.Checks.checkNotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A route's path as written ({@code /api/users/{id}}), split into segments once, when the router is
 * built. A segment is either literal text, matched exactly against the request's still-encoded path
 * segment, or a whole-segment parameter {@code {name}}, which matches any non-empty segment.
 */
final class PathPattern {

    private final String text;
    private final String[] segments;
    private final boolean[] params;
    private final String[] paramNames;

    private PathPattern(String text, String[] segments, boolean[] params, String[] paramNames) {
        this.text = text;
        this.segments = segments;
        this.params = params;
        this.paramNames = paramNames;
    }

    /**
     * Parses {@code pattern}.
     *
     * @throws IllegalArgumentException naming the problem: no leading {@code /}, a query or fragment, a
     *     brace that does not enclose a whole segment, an invalid or repeated parameter name
     */
    static PathPattern parse(String pattern) {
        checkNotNull(pattern, "pattern");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern : " + pattern + " (expected: starts with /)");
        }
        if (pattern.indexOf('?') >= 0 || pattern.indexOf('#') >= 0) {
            throw new IllegalArgumentException("pattern : " + pattern + " (expected: a path without ? or #)");
        }
        String[] segments = pattern.substring(1).split("/", -1);
        boolean[] params = new boolean[segments.length];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean braces = s.indexOf('{') >= 0 || s.indexOf('}') >= 0;
            if (!braces) {
                continue;
            }
            if (s.length() < 3 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
                throw new IllegalArgumentException("pattern : " + pattern
                        + " (expected: a parameter {name} to be a whole segment, found " + s + ")");
            }
            String name = s.substring(1, s.length() - 1);
            if (!isName(name)) {
                throw new IllegalArgumentException("pattern : " + pattern
                        + " (expected: parameter names of letters, digits and _, found " + s + ")");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("pattern : " + pattern
                        + " (expected: distinct parameter names, {" + name + "} repeats)");
            }
            names.add(name);
            params[i] = true;
            segments[i] = name;
        }
        return new PathPattern(pattern, segments, params, names.toArray(new String[0]));
    }

    private static boolean isName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** The pattern as written. */
    String text() {
        return text;
    }

    /** The number of segments. */
    int size() {
        return segments.length;
    }

    /** Segment {@code i}: its literal text, or the parameter's name. */
    String segment(int i) {
        return segments[i];
    }

    /** Whether segment {@code i} is a parameter. */
    boolean isParam(int i) {
        return params[i];
    }

    /** The parameter names, in path order. */
    String[] paramNames() {
        return paramNames.clone();
    }

    @Override
    public String toString() {
        return text;
    }
}
