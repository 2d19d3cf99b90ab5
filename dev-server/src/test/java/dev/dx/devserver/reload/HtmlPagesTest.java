package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class HtmlPagesTest {

    private static final String RUNTIME = "<script type=\"module\" src=\"/_dx/runtime.js\" data-dx-page=\"%s\"></script>";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String rewrite(HtmlPages pages, String path, String html) {
        return new String(pages.rewrite(path, utf8(html)), StandardCharsets.UTF_8);
    }

    @Test
    void numbersEveryElementInDocumentOrderAndAddsTheRuntimeLastInHead() {
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Demo</title>\n</head>\n"
                + "<body>\n<p class=\"x\">Hello <b>you</b> &amp; caf\u00e9</p>\n<!-- note -->\n</body>\n</html>\n";
        assertThat(rewrite(new HtmlPages(), "/demo.html", html)).isEqualTo("<!doctype html>\n"
                + "<html lang=\"en\" data-dx-id=\"1\">\n<head data-dx-id=\"2\">\n<title data-dx-id=\"3\">Demo</title>\n"
                + RUNTIME.formatted("/demo.html") + "</head>\n<body data-dx-id=\"4\">\n"
                + "<p class=\"x\" data-dx-id=\"5\">Hello <b data-dx-id=\"6\">you</b> &amp; caf\u00e9</p>\n<!-- note -->\n"
                + "</body>\n</html>\n");
    }

    @Test
    void aPageWithoutHeadOrHtmlGetsTheOnesTheBrowserWouldMake() {
        assertThat(rewrite(new HtmlPages(), "/a/b.html", "<p>hi"))
                .isEqualTo("<html data-dx-id=\"1\"><head data-dx-id=\"2\">" + RUNTIME.formatted("/a/b.html")
                        + "</head><body data-dx-id=\"3\"><p data-dx-id=\"4\">hi</p></body></html>");
    }

    @Test
    void aDirectoryPathIsKnownByItsIndexFile() {
        HtmlPages pages = new HtmlPages();
        assertThat(rewrite(pages, "/", "<p>x")).contains("data-dx-page=\"/index.html\"");
        assertThat(rewrite(pages, "/docs/", "<p>y")).contains("data-dx-page=\"/docs/index.html\"");
        assertThat(pages.servedPages()).containsExactlyInAnyOrder("/index.html", "/docs/index.html");
        assertThat(HtmlPages.pagePath("/a.html")).isEqualTo("/a.html");
        assertThatThrownBy(() -> HtmlPages.pagePath("a.html")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("servedPath : a.html (expected: a path starting with /)");
    }

    @Test
    void theSameInputGivesTheSameOutputAndARewrittenPageIsNotRewrittenTwice() {
        HtmlPages pages = new HtmlPages();
        String html = "<!doctype html><html><head><title>t</title></head><body><div><p>a</p><p>b</p></div></body></html>";
        String once = rewrite(pages, "/p.html", html);
        assertThat(rewrite(pages, "/p.html", html)).isEqualTo(once);
        // a page saved from the browser: its ids and runtime script are replaced, not added to
        assertThat(rewrite(pages, "/p.html", once)).isEqualTo(once);
        assertThat(once.split("/_dx/runtime.js", -1)).hasSize(2);
    }

    @Test
    void idsInTheFileAreReplaced() {
        assertThat(rewrite(new HtmlPages(), "/x.html", "<p data-dx-id=\"99\">a</p>"))
                .contains("<p data-dx-id=\"4\">a</p>").doesNotContain("99");
    }

    @Test
    void theDeclaredCharsetIsKeptOnTheWayOut() {
        byte[] latin1 = "<meta charset=\"iso-8859-1\"><p>caf\u00e9</p>".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new HtmlPages().rewrite("/l.html", latin1);
        String text = new String(out, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("<p data-dx-id=\"5\">caf\u00e9</p>");
    }

    @Test
    void remembersTheLastVersionServedUntouchedByTheRewriting() {
        HtmlPages pages = new HtmlPages();
        assertThat(pages.lastServed("/i.html")).isNull();
        rewrite(pages, "/i.html", "<p>one</p>");
        rewrite(pages, "/i.html", "<p>two</p>");
        Document last = pages.lastServed("/i.html");
        assertThat(last.body().html()).isEqualTo("<p>two</p>"); // no ids, no script
        assertThat(last.head().childNodeSize()).isZero();

        Document next = HtmlPages.parse(utf8("<p>three</p>"));
        assertThat(pages.replaceServed("/i.html", HtmlPages.parse(utf8("<p>two</p>")), next)).isFalse();
        assertThat(pages.replaceServed("/i.html", last, next)).isTrue();
        assertThat(pages.lastServed("/i.html")).isSameAs(next);
        assertThat(pages.replaceServed("/never.html", last, next)).isFalse();
        assertThat(pages.lastServed("/never.html")).isNull();
    }
}
