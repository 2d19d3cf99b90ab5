package dev.dx.devserver.live;

import static dev.dx.common.Checks.checkNotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A query to run, as the page asks for it: a registered query's name and its parameters (each a
 * {@code Long}, {@code BigDecimal}, {@code Double}, {@code String}, {@code Boolean} or {@code null},
 * as {@link QueryRequestParser} reads JSON). Immutable.
 *
 * @param query the registered name
 * @param params the parameters, in order; may hold {@code null}
 */
public record QueryRequest(String query, List<Object> params) {

    /** Copies {@code params} (which may hold nulls). */
    public QueryRequest {
        checkNotNull(query, "query");
        params = Collections.unmodifiableList(new ArrayList<>(checkNotNull(params, "params")));
    }

    /** The parameters as {@code DbTeleport.get} takes them. */
    public Object[] paramArray() {
        return params.toArray();
    }
}
