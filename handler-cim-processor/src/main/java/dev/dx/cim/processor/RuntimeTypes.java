package dev.dx.cim.processor;

import com.palantir.javapoet.ClassName;

/** The types of handler-cim (and the JDK) that analysis looks for and generated code refers to. */
final class RuntimeTypes {

    static final String MIDDLEWARE_CHAIN = "dev.dx.cim.MiddlewareChain";
    static final String CORS_ORIGINS = "dev.dx.cim.CorsOrigins";
    static final String MIDDLEWARE = "dev.dx.cim.Middleware";
    static final String CIM_CHAIN_NAME = "dev.dx.cim.CimChain";
    /** Written in another module at the same time; recognised by name, built from {@code @CorsOrigins}. */
    static final String CORS_MIDDLEWARE = "dev.dx.cim.builtin.CorsMiddleware";

    static final ClassName CIM_CHAIN = ClassName.get("dev.dx.cim", "CimChain");
    static final ClassName CIM_HANDLER = ClassName.get("dev.dx.cim", "CimHandler");
    static final ClassName CORS_POLICY = ClassName.get("dev.dx.cim.builtin", "CorsPolicy");
    static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private RuntimeTypes() {
    }
}
