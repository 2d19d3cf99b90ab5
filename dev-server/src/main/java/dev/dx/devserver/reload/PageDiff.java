package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkNotNull;

import java.util.List;

/**
 * What {@link HtmlDiff} found between the version of a page the browser has and the file's new version:
 * either the in-place {@linkplain #patches() patches} that bring the page up to date (none when nothing
 * visible changed), or a {@linkplain #isStructural() structural} change, for which the page reloads.
 */
public final class PageDiff {

    private static final PageDiff UNCHANGED = new PageDiff(List.of(), null);

    private final List<HtmlPatch> patches;
    private final String reason;

    private PageDiff(List<HtmlPatch> patches, String reason) {
        this.patches = patches;
        this.reason = reason;
    }

    /** The patches, in document order; an empty list means the page shows the same thing as before. */
    public static PageDiff patches(List<HtmlPatch> patches) {
        return patches.isEmpty() ? UNCHANGED : new PageDiff(List.copyOf(patches), null);
    }

    /** A change that patches cannot express; {@code reason} says what it was. */
    public static PageDiff structural(String reason) {
        return new PageDiff(List.of(), checkNotNull(reason, "reason"));
    }

    /** Whether the page must reload. */
    public boolean isStructural() {
        return reason != null;
    }

    /** Whether nothing needs to reach the page: not structural, and no patches. */
    public boolean isUnchanged() {
        return reason == null && patches.isEmpty();
    }

    /** The patches (empty when structural or unchanged). */
    public List<HtmlPatch> patches() {
        return patches;
    }

    /** Why the page must reload, or {@code null} when it need not. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason != null ? "PageDiff(structural: " + reason + ")" : "PageDiff(" + patches + ")";
    }
}
