package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

/**
 * One in-place change to a page the browser already shows (see {@code docs/dev-server.md}): a text node's
 * data ({@link Text}, sent as HtipPatchText) or an attribute's value ({@link Attr}, sent as HtipPatchAttr).
 * The node id names its target as {@code element << 8 | k}, where {@code element} is the target element's
 * {@code data-dx-id} and {@code k} the 1-based index of the text child (0 for an attribute).
 */
public sealed interface HtmlPatch permits HtmlPatch.Text, HtmlPatch.Attr {

    /** The node id on the wire: {@code element << 8 | k}, an unsigned 32-bit value held in an int. */
    int nodeId();

    /** The {@code data-dx-id} of the element this patch changes. */
    default int element() {
        return nodeId() >>> 8;
    }

    /** The node id of the {@code k}-th text child (1 to 255) of element {@code element} (1 to 2^24-1). */
    static int textNodeId(int element, int k) {
        return elementNodeId(element) | checkInRange(k, 1, HtmlDiff.MAX_TEXT_CHILDREN, "k");
    }

    /** The node id of element {@code element} itself (1 to 2^24-1), as an attribute patch names it. */
    static int elementNodeId(int element) {
        return checkInRange(element, 1, HtmlDiff.MAX_ELEMENT, "element") << 8;
    }

    /** The {@code k}-th text child of an element gets {@code text} as its data (HtipPatchText 0x21). */
    record Text(int nodeId, String text) implements HtmlPatch {
        /** Checks that the text is not null. */
        public Text {
            checkNotNull(text, "text");
        }

        /** The 1-based index of the text child among the element's text children. */
        public int k() {
            return nodeId & 0xFF;
        }
    }

    /** The attribute {@code name} of an element is set to {@code value} (HtipPatchAttr 0x22). */
    record Attr(int nodeId, String name, String value) implements HtmlPatch {
        /** Checks that name and value are not null and that the node id names an element (k = 0). */
        public Attr {
            checkNotNull(name, "name");
            checkNotNull(value, "value");
            if ((nodeId & 0xFF) != 0) {
                throw new IllegalArgumentException("nodeId : 0x" + Integer.toHexString(nodeId)
                        + " (expected: an element's id, k = 0)");
            }
        }
    }
}
