package dev.dx.devserver.chains;

/**
 * The origins the dev server's CORS policy allows: front-end dev servers on their usual local ports, so
 * a page served by one of them can call this server's API. CIM fixes CORS origins at compile time.
 */
public final class DevOrigins {

    /** Create React App, Next.js, Rails and many others. */
    public static final String LOCALHOST_3000 = "http://localhost:3000";
    /** Vite. */
    public static final String LOCALHOST_5173 = "http://localhost:5173";
    /** webpack-dev-server and others. */
    public static final String LOCALHOST_8080 = "http://localhost:8080";

    private DevOrigins() {
    }
}
