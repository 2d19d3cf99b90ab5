package dev.dx.cim.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Validates one class literal of a {@code @MiddlewareChain} and models it: a final, non-generic class
 * that implements {@code Middleware<X>}, that the generated chain can name, with a constructor it can
 * call. Errors go on the class literal.
 */
final class MiddlewareAnalyzer {

    private final Types types;
    private final TypeMirror runtimeException;
    private final TypeMirror error;

    MiddlewareAnalyzer(ProcessingEnvironment env) {
        this.types = env.getTypeUtils();
        this.runtimeException = env.getElementUtils().getTypeElement("java.lang.RuntimeException").asType();
        this.error = env.getElementUtils().getTypeElement("java.lang.Error").asType();
    }

    /**
     * The model of the middleware at {@code index} of {@code site}'s chain, or empty after reporting why
     * it has none.
     */
    Optional<MiddlewareModel> analyze(ErrorSite site, AnnotationValue literal, DeclaredType type, int index) {
        TypeElement element = (TypeElement) type.asElement();
        String name = element.getQualifiedName().toString();
        String simple = element.getSimpleName().toString();
        ElementKind kind = element.getKind();
        if (kind != ElementKind.CLASS && kind != ElementKind.RECORD) {
            site.error(literal, name + " is " + article(kind) + ": the generated chain calls middlewares"
                    + " without dispatch, so a middleware must be a final class");
            return Optional.empty();
        }
        boolean ok = true;
        // javac already refuses literals that are not a Class<? extends Middleware<?>> (a class that does
        // not implement Middleware, or implements it raw, or is generic); these checks keep the processor
        // honest on its own
        Optional<DeclaredType> middleware = Supertypes.find(types, element.asType(), RuntimeTypes.MIDDLEWARE);
        if (middleware.isEmpty()) {
            site.error(literal, name + " does not implement " + RuntimeTypes.MIDDLEWARE);
            ok = false;
        }
        if (element.getModifiers().contains(Modifier.ABSTRACT)) {
            site.error(literal, name + " is abstract: the generated chain creates or holds an instance of"
                    + " exactly this class, so " + simple + " must be a final, concrete class");
            ok = false;
        } else if (!element.getModifiers().contains(Modifier.FINAL)) {
            site.error(literal, name + " is not final: the generated chain calls middlewares without"
                    + " dispatch, so " + simple + " must be final");
            ok = false;
        }
        if (element.getNestingKind() == NestingKind.MEMBER && !element.getModifiers().contains(Modifier.STATIC)
                && kind == ElementKind.CLASS) {
            site.error(literal, name + " is an inner class: make it static so the generated chain can hold"
                    + " it");
            ok = false;
        }
        String why = Supertypes.inaccessibility(element, site.generatedPackage());
        if (why != null) {
            site.error(literal, name + " cannot be named by the generated chain in package "
                    + displayPackage(site.generatedPackage()) + ": " + why);
            ok = false;
        }
        TypeMirror exchange = null;
        if (middleware.isPresent()) {
            List<? extends TypeMirror> arguments = middleware.get().getTypeArguments();
            if (arguments.isEmpty() || arguments.get(0).getKind() != TypeKind.DECLARED) {
                site.error(literal, name + " implements " + middleware.get() + ": give the exchange type,"
                        + " as in Middleware<Exchange>");
                ok = false;
            } else {
                exchange = arguments.get(0);
            }
        }
        MiddlewareModel.Construction construction = construction(site, literal, element);
        if (!ok || construction == null) {
            return Optional.empty();
        }
        return Optional.of(new MiddlewareModel(ClassName.get(element), exchange, fieldName(simple, index),
                construction));
    }

    private MiddlewareModel.Construction construction(ErrorSite site, AnnotationValue literal,
            TypeElement element) {
        String name = element.getQualifiedName().toString();
        boolean accessible = false;
        boolean noArg = false;
        boolean takesPolicy = false;
        for (ExecutableElement constructor : ElementFilter.constructorsIn(element.getEnclosedElements())) {
            if (!accessible(constructor, site.generatedPackage())) {
                continue;
            }
            accessible = true;
            List<? extends VariableElement> parameters = constructor.getParameters();
            if (parameters.isEmpty() && throwsNothingChecked(constructor)) {
                noArg = true;
            }
            if (parameters.size() == 1 && types.erasure(parameters.get(0).asType()).toString()
                    .equals(RuntimeTypes.CORS_POLICY.canonicalName())) {
                takesPolicy = true;
            }
        }
        if (!accessible) {
            site.error(literal, name + " has no constructor the generated chain can call: make one public"
                    + (element.getModifiers().contains(Modifier.PUBLIC) ? "" : " or package-private in "
                    + displayPackage(site.generatedPackage())));
            return null;
        }
        if (name.equals(RuntimeTypes.CORS_MIDDLEWARE)) {
            if (!takesPolicy) {
                site.error(literal, name + " has no accessible constructor taking a "
                        + RuntimeTypes.CORS_POLICY.canonicalName() + ": the chain builds it from @CorsOrigins");
                return null;
            }
            return MiddlewareModel.Construction.CORS;
        }
        return noArg ? MiddlewareModel.Construction.NO_ARG : MiddlewareModel.Construction.PARAMETER;
    }

    private static boolean accessible(ExecutableElement constructor, String fromPackage) {
        if (constructor.getModifiers().contains(Modifier.PUBLIC)) {
            return true;
        }
        return !constructor.getModifiers().contains(Modifier.PRIVATE)
                && Supertypes.packageOf(constructor).equals(fromPackage);
    }

    private boolean throwsNothingChecked(ExecutableElement constructor) {
        for (TypeMirror thrown : constructor.getThrownTypes()) {
            if (!types.isSubtype(thrown, runtimeException) && !types.isSubtype(thrown, error)) {
                return false;
            }
        }
        return true;
    }

    /** {@code JwtAuthMiddleware} at index 1 → {@code jwtAuthMiddleware1}; the index keeps names unique. */
    static String fieldName(String simpleName, int index) {
        return Character.toLowerCase(simpleName.charAt(0)) + simpleName.substring(1) + index;
    }

    static String displayPackage(String name) {
        return name.isEmpty() ? "(unnamed)" : name;
    }

    static String article(ElementKind kind) {
        switch (kind) {
            case INTERFACE:
                return "an interface";
            case ENUM:
                return "an enum";
            case ANNOTATION_TYPE:
                return "an annotation type";
            case RECORD:
                return "a record";
            default:
                return "a " + kind.toString().toLowerCase(Locale.ROOT);
        }
    }
}
