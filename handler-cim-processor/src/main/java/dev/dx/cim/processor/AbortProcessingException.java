package dev.dx.cim.processor;

/** Abandons the chain being processed after its errors were reported. */
final class AbortProcessingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AbortProcessingException() {
        super(null, null, false, false);
    }
}
