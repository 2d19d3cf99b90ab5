package dev.dx.cim.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors where they belong: on an element, on one of its annotations, or on one value of that
 * annotation (a class literal in {@code @MiddlewareChain}), so the compiler points at the culprit.
 * {@link #reportError} lets analysis go on, so one compile shows every problem of a chain;
 * {@link #abortWithError} returns an exception to throw that abandons the chain.
 */
final class ErrorReporter {

    private final Messager messager;
    private int count;

    ErrorReporter(Messager messager) {
        this.messager = messager;
    }

    void reportError(Element element, String message) {
        count++;
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    }

    void reportError(Element element, AnnotationMirror annotation, String message) {
        count++;
        messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation);
    }

    void reportError(Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
        count++;
        messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
    }

    AbortProcessingException abortWithError(Element element, AnnotationMirror annotation, String message) {
        reportError(element, annotation, message);
        return new AbortProcessingException();
    }

    /** How many errors were reported so far; analysis compares it before and after a chain. */
    int count() {
        return count;
    }
}
