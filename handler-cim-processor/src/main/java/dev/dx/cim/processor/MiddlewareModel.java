package dev.dx.cim.processor;

import com.palantir.javapoet.ClassName;
import javax.lang.model.type.TypeMirror;

/**
 * One middleware of a chain, validated: its class, the exchange type it works on, the field that holds
 * it in the generated chain and how the chain gets an instance.
 *
 * @param type the concrete, final middleware class
 * @param exchangeType the {@code X} of the {@code Middleware<X>} it implements
 * @param field the name of its field (and, if it is a constructor parameter, of that parameter)
 * @param construction how the generated constructor gets the instance
 */
record MiddlewareModel(ClassName type, TypeMirror exchangeType, String field, Construction construction) {

    /** How the generated chain gets a middleware instance. */
    enum Construction {
        /** {@code new A()}: the class has an accessible constructor without parameters. */
        NO_ARG,
        /** A parameter of the generated constructor, in chain order. */
        PARAMETER,
        /** {@code new CorsMiddleware(corsPolicy())}, the policy built from {@code @CorsOrigins}. */
        CORS
    }

    /** The class's simple name, as error messages and the generated code's messages name it. */
    String simpleName() {
        return type.simpleName();
    }
}
