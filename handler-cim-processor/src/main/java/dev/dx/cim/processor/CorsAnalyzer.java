package dev.dx.cim.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.util.Elements;

/**
 * Validates a chain's {@code @CorsOrigins} against its middlewares: a chain with {@code CorsMiddleware}
 * needs one, a chain without must not have one, and it lists at least one origin, none blank or
 * repeated, with a max age of at least 0.
 */
final class CorsAnalyzer {

    private final Elements elements;
    private final ErrorReporter errors;

    CorsAnalyzer(Elements elements, ErrorReporter errors) {
        this.elements = elements;
        this.errors = errors;
    }

    /** The policy, or empty if the chain needs none or after reporting what is wrong with it. */
    Optional<CorsModel> analyze(ErrorSite site, boolean hasCorsMiddleware) {
        Optional<AnnotationMirror> found = Annotations.find(site.chain(), RuntimeTypes.CORS_ORIGINS);
        String chain = site.chain().getSimpleName().toString();
        if (found.isEmpty()) {
            if (hasCorsMiddleware) {
                site.error(chain + " contains " + RuntimeTypes.CORS_MIDDLEWARE + " but has no @CorsOrigins:"
                        + " the chain builds CorsMiddleware's policy from @CorsOrigins on the interface");
            }
            return Optional.empty();
        }
        AnnotationMirror mirror = found.get();
        if (!hasCorsMiddleware) {
            errors.reportError(site.chain(), mirror, "@CorsOrigins on " + chain + ", whose chain has no "
                    + RuntimeTypes.CORS_MIDDLEWARE + ": add CorsMiddleware to the chain or remove @CorsOrigins");
            return Optional.empty();
        }
        int before = errors.count();
        AnnotationValue originsValue = Annotations.value(elements, mirror, "value");
        List<String> origins = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AnnotationValue v : list(originsValue)) {
            String origin = (String) v.getValue();
            if (origin.isBlank()) {
                errors.reportError(site.chain(), mirror, v, "@CorsOrigins origin \"" + origin + "\" is blank:"
                        + " give origins exactly as browsers send them, as in \"https://app.example.com\"");
            } else if (!seen.add(origin)) {
                errors.reportError(site.chain(), mirror, v, "@CorsOrigins lists origin \"" + origin
                        + "\" twice");
            } else {
                origins.add(origin);
            }
        }
        if (list(originsValue).isEmpty()) {
            errors.reportError(site.chain(), mirror, originsValue, "@CorsOrigins lists no origin: a CORS"
                    + " policy allows at least one origin");
        }
        int maxAge = (Integer) Annotations.value(elements, mirror, "maxAgeSeconds").getValue();
        if (maxAge < 0) {
            AnnotationValue at = Annotations.explicitValue(mirror, "maxAgeSeconds");
            errors.reportError(site.chain(), mirror, at, "@CorsOrigins maxAgeSeconds : " + maxAge
                    + " (expected: >= 0)");
        }
        if (errors.count() != before) {
            return Optional.empty();
        }
        return Optional.of(new CorsModel(origins, strings(Annotations.value(elements, mirror, "methods")),
                strings(Annotations.value(elements, mirror, "headers")), maxAge,
                (Boolean) Annotations.value(elements, mirror, "credentials").getValue()));
    }

    @SuppressWarnings("unchecked")
    private static List<? extends AnnotationValue> list(AnnotationValue array) {
        return (List<? extends AnnotationValue>) array.getValue();
    }

    private static List<String> strings(AnnotationValue array) {
        List<String> out = new ArrayList<>();
        for (AnnotationValue v : list(array)) {
            out.add((String) v.getValue());
        }
        return out;
    }
}
