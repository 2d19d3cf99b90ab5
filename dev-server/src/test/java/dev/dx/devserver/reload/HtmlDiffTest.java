package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pages are numbered html = 1, head = 2, body = 3, and the first element of the body is 4. */
class HtmlDiffTest {

    private static Document page(String html) {
        return HtmlPages.parse(html.getBytes(StandardCharsets.UTF_8));
    }

    private static PageDiff diff(String before, String after) {
        return HtmlDiff.diff(page(before), page(after));
    }

    /** The HtipBatch body of the diff's patches, in hex. */
    private static String batch(PageDiff diff) {
        assertThat(diff.isStructural()).as("structural: %s", diff.reason()).isFalse();
        return HexFormat.of().formatHex(HtipBatchWriter.body(diff.patches()));
    }

    @Test
    void aChangedTextIsOneHtipPatchText() {
        // HtipPatchText, length 6: node 0x00000401 (element 4 = <p>, k = 1), "Hi"
        assertThat(batch(diff("<p>Hello</p>", "<p>Hi</p>"))).isEqualTo("2100000006000000" + "01040000" + "4869");
    }

    @Test
    void aChangedAttributeValueIsOneHtipPatchAttr() {
        // HtipPatchAttr, length 13: node 0x00000400, name length 5, "class", "bc"
        assertThat(batch(diff("<p class=\"a\" id=\"k\">x</p>", "<p class=\"bc\" id=\"k\">x</p>")))
                .isEqualTo("220000000d000000" + "00040000" + "0500" + "636c617373" + "6263");
    }

    @Test
    void textIsUtf8AndAnEmptyValueIsAllowed() {
        PageDiff d = diff("<p title=\"t\">cafe</p>", "<p title=\"\">caf\u00e9</p>");
        assertThat(batch(d)).isEqualTo(
                "220000000b000000" + "00040000" + "0500" + "7469746c65"              // title=""
                + "2100000009000000" + "01040000" + "636166c3a9");                   // "café"
    }

    @Test
    void mixedContentCountsOnlyTextChildrenAndSkipsComments() {
        // <p> (4): "one " k=1, <b> (5), " three" k=2, comment, " four" k=3; <b>: "two" k=1
        PageDiff d = diff("<p>one <b>two</b> three<!--c--> four</p>", "<p>one <b>2</b> 3<!--changed too--> four</p>");
        assertThat(batch(d)).isEqualTo(
                "2100000006000000" + "02040000" + "2033"     // element 4, k = 2: " 3"
                + "2100000005000000" + "01050000" + "32");   // element 5, k = 1: "2"
    }

    @Test
    void adjacentTextNodesAreOneTextChildAsInTheBrowser() {
        // jsoup keeps "x" and "\nafter" (text after </html>) as two nodes of <body>; the browser, reading the
        // rewritten page, has one: "x\nafter"
        PageDiff d = diff("<html><body>x</body></html>\nafter", "<html><body>x</body></html>\nlater");
        assertThat(batch(d)).isEqualTo("210000000b000000" + "01030000" + "780a6c61746572");
    }

    @Test
    void deeperElementsAndEveryChangeInDocumentOrder() {
        String before = "<html><head><title>A</title></head><body><ul><li>1</li><li class=\"on\">2</li></ul></body></html>";
        String after = "<html><head><title>B</title></head><body><ul><li>1</li><li class=\"off\">two</li></ul></body></html>";
        // title = 3, body = 4, ul = 5, li = 6, li = 7
        assertThat(batch(diff(before, after))).isEqualTo(
                "2100000005000000" + "01030000" + "42"
                + "220000000e000000" + "00070000" + "0500" + "636c617373" + "6f6666"
                + "2100000007000000" + "01070000" + "74776f");
    }

    @Test
    void nothingVisibleChangedIsNoPatch() {
        PageDiff d = diff("<p>a<!--one--></p>", "<p>a<!--two--></p>");
        assertThat(d.isUnchanged()).isTrue();
        assertThat(d.patches()).isEmpty();
        assertThat(diff("<p>a</p>", "<p>a</p>").isUnchanged()).isTrue();
        // the server's own attribute is not the file's business
        assertThat(diff("<p data-dx-id=\"1\">a</p>", "<p data-dx-id=\"2\">a</p>").isUnchanged()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "element added        | <p>a</p>                       | <p>a</p><p>b</p>            | the page has 5 elements, it had 4",
        "element removed      | <p>a</p><p>b</p>               | <p>a</p>                    | the page has 4 elements, it had 5",
        "tag changed          | <p>a<b>x</b></p>               | <p>a<i>x</i></p>            | element 5 was <b>, it is now <i>",
        "element moved        | <div><p>a</p></div><span></span> | <div></div><span><p>a</p></span> | the children of <div> (element 4) changed: an element became nothing",
        "attribute added      | <p>a</p>                       | <p id=\"x\">a</p>           | attribute id was added to <p> (element 4)",
        "attribute removed    | <p id=\"x\" class=\"c\">a</p>  | <p class=\"c\">a</p>        | an attribute was removed from <p> (element 4)",
        "attribute renamed    | <p id=\"x\">a</p>              | <p name=\"x\">a</p>         | attribute name was added to <p> (element 4)",
        "text added           | <p><b>x</b></p>                | <p><b>x</b>y</p>            | the children of <p> (element 4) changed: nothing became text",
        "text removed         | <p>y<b>x</b></p>               | <p><b>x</b></p>             | the children of <p> (element 4) changed: text became an element",
        "text moved           | <p>a<b></b></p>                | <p><b></b>a</p>             | the children of <p> (element 4) changed: text became an element",
        "text split by a comment | <p>ab</p>                   | <p>a<!--c-->b</p>           | the children of <p> (element 4) changed: nothing became text",
        "text emptied         | <p>a</p>                       | <p></p>                     | the children of <p> (element 4) changed: text became nothing",
        "script text          | <script>let a = 1</script>     | <script>let a = 2</script>  | the text inside <script> (element 3) changed: changing it in place does nothing",
        "script attribute     | <script src=\"a.js\"></script> | <script src=\"b.js\"></script> | a <script> changed (element 3): changing it in place does nothing",
        "style text           | <style>p{color:red}</style>    | <style>p{color:blue}</style> | the text inside <style> (element 3) changed: changing it in place does nothing",
        "doctype              | <!doctype html><p>a</p>        | <p>a</p>                    | the doctype changed from '<!doctype html>' to ''",
    })
    void aChangedTreeIsStructural(String what, String before, String after, String reason) {
        PageDiff d = diff(before, after);
        assertThat(d.isStructural()).isTrue();
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.patches()).isEmpty();
    }

    @Test
    void aStyleElementsAttributeMayChangeInPlace() {
        assertThat(batch(diff("<style media=\"screen\">p{}</style>", "<style media=\"print\">p{}</style>")))
                .isEqualTo("2200000010000000" + "00030000" + "0500" + "6d65646961" + "7072696e74");
    }

    /** A {@code <p>} (element 4) with {@code n} text children, separated by comments; the last one reads {@code last}. */
    private static String textChildren(int n, String last) {
        StringBuilder sb = new StringBuilder("<p>");
        for (int i = 1; i < n; i++) {
            sb.append('t').append("<!---->");
        }
        return sb.append(last).append("</p>").toString();
    }

    @Test
    void anElementWithMoreThan255TextChildrenCannotBePatched() {
        PageDiff ok = diff(textChildren(255, "a"), textChildren(255, "b"));
        assertThat(batch(ok)).isEqualTo("2100000005000000" + "ff040000" + "62");   // k = 255
        PageDiff over = diff(textChildren(256, "a"), textChildren(256, "b"));
        assertThat(over.reason()).isEqualTo("<p> (element 4) has 256 text children; a patch names at most 255");
        // unchanged, such an element is no reason to reload
        assertThat(diff(textChildren(256, "a"), textChildren(256, "a")).isUnchanged()).isTrue();
    }

    @Test
    void anElementPastTheLastIdCannotBePatched() {
        String before = "<p>a</p><p>b</p>";  // elements 4 and 5
        PageDiff first = HtmlDiff.diff(page(before), page("<p>x</p><p>b</p>"), 4, HtmlDiff.MAX_BATCH_BYTES);
        assertThat(batch(first)).isEqualTo("2100000005000000" + "01040000" + "78");
        PageDiff second = HtmlDiff.diff(page(before), page("<p>a</p><p>x</p>"), 4, HtmlDiff.MAX_BATCH_BYTES);
        assertThat(second.reason()).isEqualTo("element 5 changed, past the last id a patch can name (4)");
        assertThat(HtmlDiff.MAX_ELEMENT).isEqualTo((1 << 24) - 1);
    }

    @Test
    void anAttributeNameLongerThanItsU16LengthReloads() {
        String name = "n".repeat(HtmlDiff.MAX_NAME_BYTES + 1);
        assertThat(diff("<p " + name + "=\"a\">x</p>", "<p " + name + "=\"b\">x</p>").reason())
                .isEqualTo("an attribute name of more than 65535 bytes on element 4");
        String longest = "n".repeat(HtmlDiff.MAX_NAME_BYTES);
        assertThat(diff("<p " + longest + "=\"a\">x</p>", "<p " + longest + "=\"b\">x</p>").patches()).hasSize(1);
    }

    @Test
    void patchesThatDoNotFitOneBatchReload() {
        // one HtipPatchText of "xyz": 8 + 4 + 3 = 15 bytes
        Document before = page("<p>abc</p>");
        Document after = page("<p>xyz</p>");
        assertThat(HtmlDiff.diff(before, after, HtmlDiff.MAX_ELEMENT, 15).patches()).hasSize(1);
        assertThat(HtmlDiff.diff(before, after, HtmlDiff.MAX_ELEMENT, 14).reason())
                .isEqualTo("the patches take 15 bytes, more than one batch carries (14)");
    }
}
