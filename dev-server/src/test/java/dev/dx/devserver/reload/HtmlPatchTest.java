package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlPatchTest {

    @Test
    void nodeIdsAreElementShiftedByEightOrK() {
        assertThat(HtmlPatch.textNodeId(4, 1)).isEqualTo(0x401);
        assertThat(HtmlPatch.textNodeId(HtmlDiff.MAX_ELEMENT, 255)).isEqualTo(0xFFFF_FFFF);
        assertThat(HtmlPatch.elementNodeId(7)).isEqualTo(0x700);
        HtmlPatch.Text t = new HtmlPatch.Text(HtmlPatch.textNodeId(0xABCDEF, 3), "x");
        assertThat(t.element()).isEqualTo(0xABCDEF);
        assertThat(t.k()).isEqualTo(3);
        assertThat(new HtmlPatch.Attr(0x500, "id", "v").element()).isEqualTo(5);
    }

    @Test
    void idsOutsideWhatANodeIdCarriesAreRefused() {
        assertThatThrownBy(() -> HtmlPatch.textNodeId(1, 0)).hasMessage("k : 0 (expected: 1-255)");
        assertThatThrownBy(() -> HtmlPatch.textNodeId(1, 256)).hasMessage("k : 256 (expected: 1-255)");
        assertThatThrownBy(() -> HtmlPatch.elementNodeId(0)).hasMessage("element : 0 (expected: 1-16777215)");
        assertThatThrownBy(() -> HtmlPatch.elementNodeId(1 << 24)).hasMessage("element : 16777216 (expected: 1-16777215)");
        assertThatThrownBy(() -> new HtmlPatch.Attr(0x401, "id", "v"))
                .hasMessage("nodeId : 0x401 (expected: an element's id, k = 0)");
        assertThatThrownBy(() -> new HtmlPatch.Text(0x401, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anAttributeNameLongerThanAU16IsRefusedByTheWriter() {
        HtmlPatch.Attr a = new HtmlPatch.Attr(0x400, "n".repeat(HtmlDiff.MAX_NAME_BYTES + 1), "v");
        assertThatThrownBy(() -> HtipBatchWriter.body(java.util.List.of(a)))
                .hasMessage("name : 65536 bytes (expected: at most 65535)");
        assertThat(HtipBatchWriter.body(java.util.List.of())).isEmpty();
    }
}
