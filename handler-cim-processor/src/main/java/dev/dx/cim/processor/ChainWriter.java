package dev.dx.cim.processor;

import static dev.dx.cim.processor.RuntimeTypes.CIM_CHAIN;
import static dev.dx.cim.processor.RuntimeTypes.CIM_HANDLER;
import static dev.dx.cim.processor.RuntimeTypes.CORS_POLICY;
import static dev.dx.cim.processor.RuntimeTypes.OBJECTS;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code Name_Cim} for a {@link ChainModel}: one final field per middleware, a constructor that
 * creates or takes them, {@code handle} as straight-line before-hooks, {@code after} as a fall-through
 * {@code switch}, {@code size}, and for a CORS chain the policy built from {@code @CorsOrigins}.
 */
final class ChainWriter {

    private static final String EXCHANGE = "exchange";

    private final boolean generatedAvailable;

    ChainWriter(boolean generatedAvailable) {
        this.generatedAvailable = generatedAvailable;
    }

    JavaFile write(ChainModel chain) {
        TypeSpec.Builder type = TypeSpec.classBuilder(chain.generatedType())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addOriginatingElement(chain.element())
                .addSuperinterface(chain.chainInterface())
                .addJavadoc("The middleware chain {@link $T}, called in straight lines:\n$L.\n",
                        chain.chainInterface(), chain.middlewares().stream()
                                .map(m -> CodeBlock.of("{@link $T}", m.type()))
                                .collect(CodeBlock.joining(", ")));
        if (!chain.extendsCimChain()) {
            type.addSuperinterface(ParameterizedTypeName.get(CIM_CHAIN, chain.exchangeType()));
        }
        if (generatedAvailable) {
            type.addAnnotation(AnnotationSpec.builder(RuntimeTypes.GENERATED)
                    .addMember("value", "$S", CimProcessor.class.getName()).build());
        }
        for (MiddlewareModel m : chain.middlewares()) {
            type.addField(FieldSpec.builder(m.type(), m.field(), Modifier.PRIVATE, Modifier.FINAL).build());
        }
        type.addMethod(constructor(chain));
        chain.cors().ifPresent(cors -> {
            type.addMethod(corsPolicy(chain, cors));
            type.addMethod(allowedOrigin(cors));
        });
        type.addMethod(handle(chain));
        type.addMethod(after(chain));
        type.addMethod(MethodSpec.methodBuilder("size")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT)
                .addStatement("return $L", chain.middlewares().size())
                .build());
        type.addMethod(stopped(chain));
        return JavaFile.builder(chain.generatedType().packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static MethodSpec constructor(ChainModel chain) {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        List<MiddlewareModel> parameters = chain.middlewares().stream()
                .filter(m -> m.construction() == MiddlewareModel.Construction.PARAMETER)
                .collect(Collectors.toList());
        constructor.addJavadoc(parameters.isEmpty()
                ? "A chain that creates its middlewares.\n"
                : "A chain over the given middlewares; it creates the others itself.\n");
        if (!parameters.isEmpty()) {
            constructor.addJavadoc("\n");
        }
        for (MiddlewareModel m : chain.middlewares()) {
            switch (m.construction()) {
                case NO_ARG:
                    constructor.addStatement("this.$N = new $T()", m.field(), m.type());
                    break;
                case CORS:
                    constructor.addStatement("this.$N = new $T(corsPolicy())", m.field(), m.type());
                    break;
                default:
                    constructor.addParameter(m.type(), m.field());
                    constructor.addJavadoc("@param $N the {@link $T} at position $L of the chain\n",
                            m.field(), m.type(), chain.middlewares().indexOf(m));
                    constructor.addStatement("this.$N = $T.requireNonNull($N, $S)", m.field(), OBJECTS,
                            m.field(), m.field());
                    break;
            }
        }
        return constructor.build();
    }

    private static MethodSpec corsPolicy(ChainModel chain, CorsModel cors) {
        return MethodSpec.methodBuilder("corsPolicy")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(CORS_POLICY)
                .addJavadoc("The CORS policy of the chain's {@code @CorsOrigins}.\n")
                .addStatement("return $T.builder($T::allowedOrigin)$>$>\n.methods($L)\n.headers($L)"
                        + "\n.maxAgeSeconds($L)\n.credentials($L)\n.build()$<$<", CORS_POLICY,
                        chain.generatedType(), strings(cors.methods()), strings(cors.headers()),
                        cors.maxAgeSeconds(), cors.credentials())
                .build();
    }

    private static MethodSpec allowedOrigin(CorsModel cors) {
        CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch (origin)");
        for (String origin : cors.origins()) {
            body.add("case $S:\n", origin);
        }
        body.indent().addStatement("return true").unindent()
                .add("default:\n").indent().addStatement("return false").unindent()
                .endControlFlow();
        return MethodSpec.methodBuilder("allowedOrigin")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(String.class, "origin")
                .addJavadoc("Whether {@code origin} is one of the chain's {@code @CorsOrigins}.\n")
                .addCode(body.build())
                .build();
    }

    private static MethodSpec handle(ChainModel chain) {
        TypeName x = chain.exchangeType();
        CodeBlock.Builder body = CodeBlock.builder()
                .addStatement("$N.startChain(this)", EXCHANGE)
                .beginControlFlow("try");
        List<MiddlewareModel> middlewares = chain.middlewares();
        for (int k = 0; k < middlewares.size(); k++) {
            MiddlewareModel m = middlewares.get(k);
            body.beginControlFlow("if (!$N.before($N) || $N.isAnswered())", m.field(), EXCHANGE, EXCHANGE)
                    .addStatement("stopped($N, $S)", EXCHANGE, m.simpleName() + ".before stopped without answering")
                    .addStatement("return")
                    .endControlFlow()
                    .addStatement("$N.passed($L)", EXCHANGE, k + 1);
        }
        body.addStatement("handler.handle($N)", EXCHANGE)
                .nextControlFlow("catch ($T t)", Throwable.class)
                .addStatement("$N.hookFailed(t)", EXCHANGE)
                .endControlFlow();
        return MethodSpec.methodBuilder("handle")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(x, EXCHANGE)
                .addParameter(ParameterizedTypeName.get(CIM_HANDLER, WildcardTypeName.supertypeOf(x)), "handler")
                .addCode(body.build())
                .build();
    }

    private static MethodSpec after(ChainModel chain) {
        CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch (passed)");
        List<MiddlewareModel> middlewares = chain.middlewares();
        for (int k = middlewares.size(); k >= 1; k--) {
            body.add("case $L:\n", k).indent()
                    .beginControlFlow("try")
                    .addStatement("$N.after($N)", middlewares.get(k - 1).field(), EXCHANGE)
                    .nextControlFlow("catch ($T t)", Throwable.class)
                    .addStatement("$N.hookFailed(t)", EXCHANGE)
                    .endControlFlow();
            if (k > 1) {
                body.add("// fall through\n");
            }
            body.unindent();
        }
        body.endControlFlow();
        MethodSpec.Builder after = MethodSpec.methodBuilder("after")
                .addAnnotation(Override.class);
        if (middlewares.size() > 1) {
            after.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "$S", "fallthrough").build());
        }
        return after.addModifiers(Modifier.PUBLIC)
                .addParameter(chain.exchangeType(), EXCHANGE)
                .addParameter(TypeName.INT, "passed")
                .addCode(body.build())
                .build();
    }

    private static MethodSpec stopped(ChainModel chain) {
        return MethodSpec.methodBuilder("stopped")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("A before-hook stopped the chain: if it did not answer, that is its bug.\n")
                .addParameter(chain.exchangeType(), EXCHANGE)
                .addParameter(String.class, "problem")
                .beginControlFlow("if (!$N.isAnswered())", EXCHANGE)
                .addStatement("$N.hookFailed(new $T(problem))", EXCHANGE, IllegalStateException.class)
                .endControlFlow()
                .build();
    }

    private static CodeBlock strings(List<String> values) {
        return values.stream().map(v -> CodeBlock.of("$S", v)).collect(CodeBlock.joining(", "));
    }
}
