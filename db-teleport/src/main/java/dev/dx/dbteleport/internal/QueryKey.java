package dev.dx.dbteleport.internal;

import java.util.Arrays;

/**
 * The cache key: a registered query and the values of its parameters, already normalised by
 * {@link ParamKind} (so {@code 5}, {@code 5L} and {@code (short) 5} for an integer parameter are one
 * key). Immutable; the hash is computed once, in the constructor.
 *
 * <p>{@link #equals} compares the query by identity and then every parameter, without comparing the
 * hashes first: a map that found the key by its hash has already done that, and a lookup that
 * compared keys one by one would show up as one {@code equals} call per stored key (the lookup test
 * counts them).
 */
public final class QueryKey {

    private final RegisteredQuery query;
    private final Object[] params;
    private final int hash;

    /**
     * A key for {@code query} with {@code params} (taken as they are: the caller passes a fresh,
     * normalised array and does not change it; {@code byte[]} values are compared by content).
     */
    public QueryKey(RegisteredQuery query, Object[] params) {
        this.query = query;
        this.params = params;
        this.hash = query.name().hashCode() * 31 + Arrays.deepHashCode(params);
    }

    /** The query. */
    public RegisteredQuery query() {
        return query;
    }

    /** The number of parameters. */
    public int size() {
        return params.length;
    }

    /** Parameter {@code index} (0-based), as normalised; a {@code byte[]} must not be changed. */
    public Object param(int index) {
        return params[index];
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QueryKey)) {
            return false;
        }
        QueryKey other = (QueryKey) o;
        return other.query == query && Arrays.deepEquals(params, other.params);
    }

    @Override
    public String toString() {
        return query.name() + Arrays.deepToString(params);
    }
}
