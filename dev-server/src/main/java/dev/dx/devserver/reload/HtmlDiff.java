package dev.dx.devserver.reload;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;

/**
 * Compares two versions of one HTML file, as {@link HtmlPages#parse} reads them, and says how to bring a page
 * that shows the first up to the second (see {@code docs/dev-server.md}, "Text patches").
 *
 * <p>When the element tree is the same (the same tags in the same places, the same attribute names on
 * each element, and the same sequence of element and text children in each), every text child whose data
 * changed becomes an {@link HtmlPatch.Text} and every attribute whose value changed an
 * {@link HtmlPatch.Attr}, in document order. Anything else is {@linkplain PageDiff#isStructural()
 * structural}, with a reason that names the element:
 * <ul>
 *   <li>an element added, removed or replaced by another tag; a text child added or removed;</li>
 *   <li>an attribute added or removed (a changed value is a patch);</li>
 *   <li>a change to a {@code <script>} (its text or its attributes) or to the text of a {@code <style>}:
 *       changing them in place does nothing in a browser;</li>
 *   <li>a changed doctype;</li>
 *   <li>a change that a node id cannot name: a text child of an element with more than
 *       {@value #MAX_TEXT_CHILDREN} text children, or an element whose id is above {@value #MAX_ELEMENT}
 *       (2^24-1);</li>
 *   <li>patches that would not fit one batch of {@value #MAX_BATCH_BYTES} bytes, or an attribute name of more
 *       than {@value #MAX_NAME_BYTES} UTF-8 bytes.</li>
 * </ul>
 *
 * <p>Elements are numbered as {@link HtmlPages} numbers them: 1-based in document order, {@code <html>}
 * first. A text child is a run of adjacent text nodes (the browser parses the rewritten page into one text
 * node there); the children {@code k} counts are the text children and the content of
 * {@code <script>}/{@code <style>}, which is a text node in the browser too. Comments are neither counted
 * nor compared (a page shows none), and neither is the whitespace outside {@code <html>}. The attribute
 * {@value HtmlPages#ID_ATTRIBUTE} belongs to the server and is ignored.
 *
 * <p>Stateless and thread-safe; it only reads the two documents.
 */
public final class HtmlDiff {

    /** The largest element id a node id can carry (24 bits). */
    public static final int MAX_ELEMENT = 0xFF_FFFF;
    /** The largest text-child index a node id can carry (8 bits). */
    public static final int MAX_TEXT_CHILDREN = 0xFF;
    /** The largest attribute name, in UTF-8 bytes (its length is a u16 on the wire). */
    public static final int MAX_NAME_BYTES = 0xFFFF;
    /** The largest HtipBatch body this diff produces, in bytes. */
    public static final int MAX_BATCH_BYTES = 1 << 20;

    private final int maxElement;
    private final int maxBatchBytes;

    private HtmlDiff(int maxElement, int maxBatchBytes) {
        this.maxElement = maxElement;
        this.maxBatchBytes = maxBatchBytes;
    }

    /** Compares {@code before} (what the page shows) with {@code after} (the file now). */
    public static PageDiff diff(Document before, Document after) {
        return diff(before, after, MAX_ELEMENT, MAX_BATCH_BYTES);
    }

    /** For tests: the same with smaller limits, so that they can be reached with small pages. */
    static PageDiff diff(Document before, Document after, int maxElement, int maxBatchBytes) {
        return new HtmlDiff(maxElement, maxBatchBytes).compare(before, after);
    }

    private PageDiff compare(Document before, Document after) {
        String doctypeBefore = doctype(before);
        String doctypeAfter = doctype(after);
        if (!doctypeBefore.equals(doctypeAfter)) {
            return PageDiff.structural("the doctype changed from '" + doctypeBefore + "' to '" + doctypeAfter + "'");
        }
        Elements a = before.getAllElements(); // [0] is the document itself
        Elements b = after.getAllElements();
        if (a.size() != b.size()) {
            return PageDiff.structural("the page has " + (b.size() - 1) + " elements, it had " + (a.size() - 1));
        }
        List<HtmlPatch> patches = new ArrayList<>();
        for (int id = 1; id < a.size(); id++) {
            String reason = compare(id, a.get(id), b.get(id), patches);
            if (reason != null) {
                return PageDiff.structural(reason);
            }
        }
        long bytes = 0;
        for (HtmlPatch p : patches) {
            bytes += HtipBatchWriter.encodedSize(p);
        }
        if (bytes > maxBatchBytes) {
            return PageDiff.structural("the patches take " + bytes + " bytes, more than one batch carries ("
                    + maxBatchBytes + ")");
        }
        return PageDiff.patches(patches);
    }

    private static String doctype(Document doc) {
        StringBuilder sb = new StringBuilder();
        for (Node n : doc.childNodes()) {
            if (n instanceof DocumentType) {
                sb.append(n.outerHtml());
            }
        }
        return sb.toString();
    }

    /** Compares element {@code id}; appends its patches to {@code out}, or returns why the change is structural. */
    private String compare(int id, Element x, Element y, List<HtmlPatch> out) {
        String tag = x.tagName();
        if (!tag.equals(y.tagName())) {
            return "element " + id + " was <" + tag + ">, it is now <" + y.tagName() + ">";
        }
        int first = out.size();
        String reason = compareAttributes(id, x, y, out);
        if (reason == null) {
            reason = compareChildren(id, x, y, out);
        }
        if (reason != null || out.size() == first) {
            return reason;
        }
        if ("script".equals(y.normalName())) {
            return "a <script> changed (element " + id + "): changing it in place does nothing";
        }
        if (id > maxElement) {
            return "element " + id + " changed, past the last id a patch can name (" + maxElement + ")";
        }
        return null;
    }

    private static String compareAttributes(int id, Element x, Element y, List<HtmlPatch> out) {
        int before = 0;
        for (Attribute at : x.attributes()) {
            if (!HtmlPages.ID_ATTRIBUTE.equals(at.getKey())) {
                before++;
            }
        }
        int after = 0;
        for (Attribute at : y.attributes()) {
            String name = at.getKey();
            if (HtmlPages.ID_ATTRIBUTE.equals(name)) {
                continue;
            }
            after++;
            if (!x.hasAttr(name)) {
                return "attribute " + name + " was added to <" + y.tagName() + "> (element " + id + ")";
            }
            String value = at.getValue();
            if (!x.attr(name).equals(value)) {
                if (HtipBatchWriter.utf8Length(name) > MAX_NAME_BYTES) {
                    return "an attribute name of more than " + MAX_NAME_BYTES + " bytes on element " + id;
                }
                out.add(new HtmlPatch.Attr(id << 8, name, value));
            }
        }
        if (after != before) {
            return "an attribute was removed from <" + y.tagName() + "> (element " + id + ")";
        }
        return null;
    }

    private static String compareChildren(int id, Element x, Element y, List<HtmlPatch> out) {
        ChildCursor cx = new ChildCursor(x.childNodes());
        ChildCursor cy = new ChildCursor(y.childNodes());
        int k = 0;
        List<HtmlPatch> texts = null;
        while (true) {
            boolean more = cx.advance();
            if (more != cy.advance() || more && cx.kind != cy.kind) {
                return "the children of <" + y.tagName() + "> (element " + id + ") changed: "
                        + cx.describe() + " became " + cy.describe();
            }
            if (!more) {
                break;
            }
            if (cx.kind == ChildCursor.ELEMENT) {
                continue;
            }
            k++;
            if (cx.text.equals(cy.text)) {
                continue;
            }
            if (cx.kind == ChildCursor.DATA) {
                return "the text inside <" + y.tagName() + "> (element " + id + ") changed: changing it in place"
                        + " does nothing";
            }
            if (texts == null) {
                texts = new ArrayList<>();
            }
            texts.add(new HtmlPatch.Text(id << 8 | (k & 0xFF), cy.text));
        }
        if (texts != null) {
            if (k > MAX_TEXT_CHILDREN) {
                return "<" + y.tagName() + "> (element " + id + ") has " + k + " text children; a patch names"
                        + " at most " + MAX_TEXT_CHILDREN;
            }
            out.addAll(texts);
        }
        return null;
    }

    /**
     * Walks an element's children as the shape the diff compares: elements, runs of adjacent text nodes, and
     * data (the content of script and style); comments and other nodes are skipped.
     */
    private static final class ChildCursor {
        static final int ELEMENT = 1;
        static final int TEXT = 2;
        static final int DATA = 3;

        private final List<Node> nodes;
        private int index;
        int kind;
        String text;

        ChildCursor(List<Node> nodes) {
            this.nodes = nodes;
        }

        boolean advance() {
            kind = 0;
            text = null;
            while (index < nodes.size()) {
                Node n = nodes.get(index++);
                if (n instanceof TextNode) {
                    text = textRun(((TextNode) n).getWholeText());
                    kind = TEXT;
                    return true;
                }
                if (n instanceof Element) {
                    kind = ELEMENT;
                    return true;
                }
                if (n instanceof DataNode) {
                    text = ((DataNode) n).getWholeData();
                    kind = DATA;
                    return true;
                }
            }
            return false;
        }

        /** The text of the run that starts with {@code first}, taking the adjacent text nodes after it. */
        private String textRun(String first) {
            if (index >= nodes.size() || !(nodes.get(index) instanceof TextNode)) {
                return first;
            }
            StringBuilder sb = new StringBuilder(first);
            while (index < nodes.size() && nodes.get(index) instanceof TextNode) {
                sb.append(((TextNode) nodes.get(index++)).getWholeText());
            }
            return sb.toString();
        }

        String describe() {
            switch (kind) {
                case ELEMENT:
                    return "an element";
                case TEXT:
                    return "text";
                case DATA:
                    return "script or style text";
                default:
                    return "nothing";
            }
        }
    }
}
