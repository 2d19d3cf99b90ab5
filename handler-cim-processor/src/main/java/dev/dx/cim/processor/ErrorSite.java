package dev.dx.cim.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;

/**
 * Where errors about one chain go: the annotated interface and its {@code @MiddlewareChain}, so an error
 * about one middleware points at that middleware's class literal.
 *
 * @param chain the annotated interface
 * @param annotation its {@code @MiddlewareChain}
 * @param generatedPackage the package of the interface and of the generated class
 * @param errors the reporter
 */
record ErrorSite(TypeElement chain, AnnotationMirror annotation, String generatedPackage, ErrorReporter errors) {

    /** An error on {@code value} (a class literal, or the annotation's {@code value} array). */
    void error(AnnotationValue value, String message) {
        errors.reportError(chain, annotation, value, message);
    }

    /** An error on the {@code @MiddlewareChain} annotation. */
    void error(String message) {
        errors.reportError(chain, annotation, message);
    }
}
