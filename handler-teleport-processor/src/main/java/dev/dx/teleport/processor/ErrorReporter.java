package dev.dx.teleport.processor;

import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors on the element they concern. {@link #reportError} lets processing go on, so one
 * compile shows every problem of a record; {@link #abortWithError} returns an exception to throw
 * that abandons the record. The same message on the same element is reported once, since a nested
 * struct may be analysed from several records.
 */
final class ErrorReporter {

    private final Messager messager;
    private final Set<String> reported = new HashSet<>();

    ErrorReporter(Messager messager) {
        this.messager = messager;
    }

    void reportError(Element element, String message) {
        if (reported.add(System.identityHashCode(element) + ":" + element + ":" + message)) {
            messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        }
    }

    AbortProcessingException abortWithError(Element element, String message) {
        reportError(element, message);
        return new AbortProcessingException();
    }
}
