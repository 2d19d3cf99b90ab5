package dev.dx.dbteleport;

import static dev.dx.common.Checks.checkNotNull;

import java.util.Collection;
import java.util.Set;

/**
 * What a {@link DbTeleportInvalidationListener} hears: committed changes touched {@link #tables()}
 * (and the cache has already dropped the entries that read them), or {@linkplain #everything()
 * everything} may have changed (the LISTEN connection broke or was re-established, and every entry
 * was dropped). Immutable.
 *
 * <p>Tables are named as the change feed names them, {@code schema.table} in lowercase
 * ({@code public.demo_items}), the form {@link DbTeleport#tables(String)} returns.
 */
public final class DbTeleportInvalidation {

    private final Set<String> tables;
    private final boolean everything;
    private final String reason;

    private DbTeleportInvalidation(Set<String> tables, boolean everything, String reason) {
        this.tables = Set.copyOf(tables);
        this.everything = everything;
        this.reason = reason;
    }

    /** Committed changes touched {@code tables} ({@code schema.table}, lowercase). */
    public static DbTeleportInvalidation ofTables(Collection<String> tables) {
        return new DbTeleportInvalidation(Set.copyOf(checkNotNull(tables, "tables")), false, null);
    }

    /** Everything may have changed, for {@code reason} (for example {@code "reconnected"}). */
    public static DbTeleportInvalidation ofEverything(String reason, Collection<String> alsoTables) {
        return new DbTeleportInvalidation(Set.copyOf(checkNotNull(alsoTables, "alsoTables")), true,
                checkNotNull(reason, "reason"));
    }

    /**
     * The tables changes were reported for; may be empty when {@link #everything()} holds (and may
     * name tables besides, reported just before and merged into this event).
     */
    public Set<String> tables() {
        return tables;
    }

    /** Whether every entry was dropped: notifications may have been lost, so assume anything changed. */
    public boolean everything() {
        return everything;
    }

    /** Why everything was dropped, or {@code null} when {@link #everything()} does not hold. */
    public String reason() {
        return reason;
    }

    /** Whether a query reading {@code queryTables} ({@code schema.table}) may now give another result. */
    public boolean touches(Collection<String> queryTables) {
        if (everything) {
            return true;
        }
        for (String t : queryTables) {
            if (tables.contains(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return everything ? "DbTeleportInvalidation(everything: " + reason + ", tables=" + tables + ")"
                : "DbTeleportInvalidation(tables=" + tables + ")";
    }
}
