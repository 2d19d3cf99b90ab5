package dev.dx.cim.http;

import static dev.dx.cim.http.EmbeddedHttp.answer;
import static dev.dx.cim.http.EmbeddedHttp.bodyOf;
import static dev.dx.cim.http.EmbeddedHttp.pooled;
import static dev.dx.cim.http.EmbeddedHttp.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

/** {@link CimHttpRouter}: matching, 404/405, HEAD, chain choice and the builder's checks. */
class CimHttpRouterTest {

    private static void say(HttpExchange x, String s) {
        x.respond(HttpResponseStatus.OK, pooled(s), "text/plain");
    }

    /** A chain that tags its answers with {@code x-chain: name}. */
    private static HandChain<Exchange> tagging(String name) {
        return HandChain.of(x -> {
            x.answerHeader("x-chain", name);
            return Middleware.CONTINUE;
        });
    }

    private static FullHttpResponse call(CimHttpRouter router, HttpMethod method, String uri) {
        EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(router));
        ch.writeInbound(request(method, uri));
        FullHttpResponse r = answer(ch);
        assertFalse(ch.finish());
        return r;
    }

    private static HttpResponseStatus statusOf(CimHttpRouter router, HttpMethod method, String uri) {
        FullHttpResponse r = call(router, method, uri);
        try {
            return r.status();
        } finally {
            r.release();
        }
    }

    private static String body(CimHttpRouter router, HttpMethod method, String uri) {
        return bodyOf(call(router, method, uri));
    }

    @Test
    void literalsWinOverParametersAndBacktrack() {
        CimHttpRouter router = CimHttpRouter.builder()
                .get("/", x -> say(x, "root"))
                .get("/a/b/c", x -> say(x, "literal"))
                .get("/a/{x}/d", x -> say(x, "param " + x.pathParam("x")))
                .get("/a/{x}/", x -> say(x, "slash " + x.pathParam("x")))
                .get("/files/{dir}/{name}", x -> say(x, x.pathParam("dir") + "|" + x.pathParam("name")))
                .build();
        assertThat(body(router, HttpMethod.GET, "/")).isEqualTo("root");
        assertThat(body(router, HttpMethod.GET, "/a/b/c")).isEqualTo("literal");
        assertThat(body(router, HttpMethod.GET, "/a/b/d")).isEqualTo("param b");
        assertThat(body(router, HttpMethod.GET, "/a/q/")).isEqualTo("slash q");
        assertThat(body(router, HttpMethod.GET, "/files/a%2Fb/%F0%9F%98%80")).isEqualTo("a/b|\uD83D\uDE00");
        assertThat(statusOf(router, HttpMethod.GET, "/a//d")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(statusOf(router, HttpMethod.GET, "/a/b")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(statusOf(router, HttpMethod.GET, "/a/b/c/d")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(statusOf(router, HttpMethod.OPTIONS, "*")).isEqualTo(HttpResponseStatus.NOT_FOUND);
    }

    @Test
    void headRunsGetUnlessRoutedAnd405ListsAllow() {
        CimHttpRouter router = CimHttpRouter.builder()
                .get("/g", x -> say(x, "get"))
                .route(HttpMethod.HEAD, "/h", x -> say(x, "head"))
                .get("/h", x -> say(x, "get"))
                .post("/p", x -> say(x, "post"))
                .put("/p", x -> say(x, "put"))
                .build();
        FullHttpResponse r = call(router, HttpMethod.HEAD, "/g");
        assertThat(r.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(r.headers().get("content-length")).isEqualTo("3");
        r.release();
        r = call(router, HttpMethod.HEAD, "/h");
        assertThat(r.headers().get("content-length")).isEqualTo("4");
        r.release();
        r = call(router, HttpMethod.DELETE, "/p");
        assertThat(r.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(r.headers().get("allow")).isEqualTo("POST, PUT");
        assertThat(bodyOf(r)).isEqualTo("method not allowed");
        r = call(router, HttpMethod.POST, "/h");
        assertThat(r.headers().get("allow")).isEqualTo("HEAD, GET");
        r.release();
    }

    @Test
    void theClosestChainApplies() {
        CimHttpRouter router = CimHttpRouter.builder()
                .chain(tagging("default"))
                .prefix("/admin", tagging("admin"))
                .prefix("/admin/deep/", tagging("deep"))
                .get("/admin/x", x -> say(x, "x"))
                .get("/admin", x -> say(x, "admin"))
                .get("/administrator", x -> say(x, "not under /admin"))
                .get("/admin/deep/y", x -> say(x, "y"))
                .route(HttpMethod.GET, "/admin/own", tagging("own"), x -> say(x, "own"))
                .get("/public", x -> say(x, "public"))
                .build();
        assertThat(chainOf(router, HttpMethod.GET, "/admin/x")).isEqualTo("admin");
        assertThat(chainOf(router, HttpMethod.GET, "/admin")).isEqualTo("admin");
        assertThat(chainOf(router, HttpMethod.GET, "/administrator")).isEqualTo("default");
        assertThat(chainOf(router, HttpMethod.GET, "/admin/deep/y")).isEqualTo("deep");
        assertThat(chainOf(router, HttpMethod.GET, "/admin/own")).isEqualTo("own");
        assertThat(chainOf(router, HttpMethod.GET, "/public")).isEqualTo("default");
        assertThat(chainOf(router, HttpMethod.GET, "/admin/missing")).as("404 runs the prefix chain").isEqualTo("admin");
        assertThat(chainOf(router, HttpMethod.POST, "/admin/own")).as("405 runs the prefix chain").isEqualTo("admin");
        assertThat(chainOf(router, HttpMethod.GET, "/nowhere")).isEqualTo("default");
    }

    private static String chainOf(CimHttpRouter router, HttpMethod method, String uri) {
        FullHttpResponse r = call(router, method, uri);
        try {
            return r.headers().get("x-chain");
        } finally {
            r.release();
        }
    }

    @Test
    void aParameterThatDoesNotDecodeIs400() {
        CimHttpRouter router = CimHttpRouter.builder().get("/u/{id}", x -> say(x, "never")).build();
        FullHttpResponse r = call(router, HttpMethod.GET, "/u/%zz");
        assertThat(r.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(bodyOf(r)).isEqualTo("bad path parameter {id}: invalid percent escape in path segment at index 0");
    }

    @Test
    void theBuilderRejectsAmbiguityAndBadPatterns() {
        CimHttpRouter.Builder b = CimHttpRouter.builder().get("/u/{id}", x -> say(x, "a"));
        assertThatThrownBy(() -> b.get("/u/{other}", x -> say(x, "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route : GET /u/{other}");
        assertThatThrownBy(() -> b.get("u", x -> { }))
                .hasMessage("pattern : u (expected: starts with /)");
        assertThatThrownBy(() -> b.get("/u?x=1", x -> { }))
                .hasMessage("pattern : /u?x=1 (expected: a path without ? or #)");
        assertThatThrownBy(() -> b.get("/u/x{id}", x -> { }))
                .hasMessageContaining("a parameter {name} to be a whole segment, found x{id}");
        assertThatThrownBy(() -> b.get("/u/{}", x -> { }))
                .hasMessageContaining("whole segment, found {}");
        assertThatThrownBy(() -> b.get("/u/{a-b}", x -> { }))
                .hasMessageContaining("parameter names of letters, digits and _, found {a-b}");
        assertThatThrownBy(() -> b.get("/{a}/{a}", x -> { }))
                .hasMessageContaining("{a} repeats");
        assertThatThrownBy(() -> b.prefix("api", tagging("t")))
                .hasMessage("prefix : api (expected: starts with /)");
        b.prefix("/api", tagging("t"));
        assertThatThrownBy(() -> b.prefix("/api", tagging("u")))
                .hasMessage("prefix : /api (expected: one chain per prefix)");
        assertThatThrownBy(() -> b.route(HttpMethod.GET, "/c", null, x -> { }))
                .isInstanceOf(NullPointerException.class);
        b.build();
        assertThatThrownBy(() -> b.get("/late", x -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.prefix("/late", tagging("t"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.chain(tagging("t"))).hasMessage("the router is already built");
    }

    @Test
    void prefixesCoverWholeSegments() {
        assertThat(CimHttpRouter.under("/api", "/api")).isTrue();
        assertThat(CimHttpRouter.under("/api/x", "/api")).isTrue();
        assertThat(CimHttpRouter.under("/apiary", "/api")).isFalse();
        assertThat(CimHttpRouter.under("/api/x", "/api/")).isTrue();
        assertThat(CimHttpRouter.under("/ap", "/api")).isFalse();
    }

    @Test
    void theFallbackTakesUnmatchedPathsBehindTheCoveringChain() {
        CimHttpRouter router = CimHttpRouter.builder()
                .chain(tagging("default"))
                .prefix("/admin", tagging("admin"))
                .get("/api/items", x -> say(x, "items"))
                .fallback(x -> say(x, "fallback " + x.method() + " " + x.path()))
                .build();
        assertThat(body(router, HttpMethod.GET, "/site/index.html")).isEqualTo("fallback GET /site/index.html");
        assertThat(body(router, HttpMethod.DELETE, "/other")).isEqualTo("fallback DELETE /other");
        assertThat(body(router, HttpMethod.GET, "/api/items")).isEqualTo("items");
        assertThat(chainOf(router, HttpMethod.GET, "/site/x")).isEqualTo("default");
        assertThat(chainOf(router, HttpMethod.GET, "/admin/x")).isEqualTo("admin");
        assertThat(statusOf(router, HttpMethod.POST, "/api/items")).as("a matched path still answers 405")
                .isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(body(router, HttpMethod.OPTIONS, "*")).isEqualTo("fallback OPTIONS *");
        CimHttpRouter.Builder built = CimHttpRouter.builder();
        built.build();
        assertThatThrownBy(() -> built.fallback(x -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CimHttpRouter.builder().fallback(null)).isInstanceOf(NullPointerException.class);
    }
}
