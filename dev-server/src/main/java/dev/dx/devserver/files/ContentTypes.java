package dev.dx.devserver.files;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code content-type} of a file by its extension (case-insensitive), with {@code charset=utf-8}
 * for text, and whether the type is worth compressing. Unknown extensions are
 * {@code application/octet-stream}.
 */
final class ContentTypes {

    /** The type of files whose extension is unknown. */
    static final String OCTET_STREAM = "application/octet-stream";

    private record Type(String value, boolean compressible) {
    }

    private static final Map<String, Type> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", new Type("text/html; charset=utf-8", true)),
            Map.entry("htm", new Type("text/html; charset=utf-8", true)),
            Map.entry("css", new Type("text/css; charset=utf-8", true)),
            Map.entry("js", new Type("text/javascript; charset=utf-8", true)),
            Map.entry("mjs", new Type("text/javascript; charset=utf-8", true)),
            Map.entry("json", new Type("application/json; charset=utf-8", true)),
            Map.entry("map", new Type("application/json; charset=utf-8", false)),
            Map.entry("svg", new Type("image/svg+xml; charset=utf-8", true)),
            Map.entry("txt", new Type("text/plain; charset=utf-8", true)),
            Map.entry("png", new Type("image/png", false)),
            Map.entry("jpg", new Type("image/jpeg", false)),
            Map.entry("jpeg", new Type("image/jpeg", false)),
            Map.entry("gif", new Type("image/gif", false)),
            Map.entry("webp", new Type("image/webp", false)),
            Map.entry("ico", new Type("image/x-icon", false)),
            Map.entry("woff", new Type("font/woff", false)),
            Map.entry("woff2", new Type("font/woff2", false)),
            Map.entry("wasm", new Type("application/wasm", false)));

    private static final Type UNKNOWN = new Type(OCTET_STREAM, false);

    private ContentTypes() {
    }

    /** The content type of a file called {@code name}. */
    static String of(String name) {
        return type(name).value();
    }

    /** Whether files called like {@code name} are compressed for browsers that accept it. */
    static boolean compressible(String name) {
        return type(name).compressible();
    }

    /** Whether {@code name} is an HTML page, which the dev server rewrites on the way out. */
    static boolean html(String name) {
        String e = extension(name);
        return e.equals("html") || e.equals("htm");
    }

    private static Type type(String name) {
        return BY_EXTENSION.getOrDefault(extension(name), UNKNOWN);
    }

    private static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot <= slash + 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
