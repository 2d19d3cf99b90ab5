package dev.dx.cim.processor;

import java.util.List;

/**
 * A chain's {@code @CorsOrigins}, validated: what the generated {@code corsPolicy()} passes to
 * {@code CorsPolicy.builder}.
 *
 * @param origins the allowed origins in declared order, non-empty, without blanks or duplicates
 * @param methods the methods a preflight allows
 * @param headers the request headers a preflight allows
 * @param maxAgeSeconds the preflight cache time, at least 0
 * @param credentials whether credentials are allowed
 */
record CorsModel(List<String> origins, List<String> methods, List<String> headers, int maxAgeSeconds,
        boolean credentials) {

    CorsModel {
        origins = List.copyOf(origins);
        methods = List.copyOf(methods);
        headers = List.copyOf(headers);
    }
}
