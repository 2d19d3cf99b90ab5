package dev.dx.cim.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates one {@code @MiddlewareChain} interface and models it. Checks the interface (an accessible,
 * non-generic interface whose only abstract methods are {@code CimChain}'s), each middleware
 * ({@link MiddlewareAnalyzer}), the CORS rules ({@link CorsAnalyzer}) and the exchange types: one
 * middleware's exchange type must be a subtype of all the others' (the chain runs on that narrowest
 * type), and an interface that extends {@code CimChain<Y>} must have exactly that {@code Y}.
 */
final class ChainAnalyzer {

    private static final Set<String> OBJECT_METHODS = Set.of("toString()", "hashCode()",
            "equals(java.lang.Object)");

    private final Elements elements;
    private final Types types;
    private final ErrorReporter errors;
    private final MiddlewareAnalyzer middlewares;
    private final CorsAnalyzer cors;

    ChainAnalyzer(ProcessingEnvironment env, ErrorReporter errors) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.errors = errors;
        this.middlewares = new MiddlewareAnalyzer(env);
        this.cors = new CorsAnalyzer(elements, errors);
    }

    /**
     * Whether every class literal of {@code element}'s chain resolves; if not, another processor may
     * still generate the missing class, so the chain waits for a later round.
     */
    static boolean resolved(TypeElement element, Elements elements) {
        Optional<AnnotationMirror> mirror = Annotations.find(element, RuntimeTypes.MIDDLEWARE_CHAIN);
        if (mirror.isEmpty()) {
            return true;
        }
        Object value = Annotations.value(elements, mirror.get(), "value").getValue();
        if (!(value instanceof List)) {
            return false;
        }
        for (Object literal : (List<?>) value) {
            Object type = ((AnnotationValue) literal).getValue();
            if (!(type instanceof DeclaredType) || ((DeclaredType) type).getKind() == TypeKind.ERROR) {
                return false;
            }
        }
        return true;
    }

    /** The model of the chain on {@code element}, or empty after reporting why it has none. */
    Optional<ChainModel> analyze(TypeElement element) {
        AnnotationMirror mirror = Annotations.find(element, RuntimeTypes.MIDDLEWARE_CHAIN).orElseThrow();
        if (element.getKind() != ElementKind.INTERFACE) {
            throw errors.abortWithError(element, mirror, "@MiddlewareChain applies to interfaces only; "
                    + element.getSimpleName() + " is " + MiddlewareAnalyzer.article(element.getKind()));
        }
        String pkg = Supertypes.packageOf(element);
        ErrorSite site = new ErrorSite(element, mirror, pkg, errors);
        int before = errors.count();
        checkInterface(site);

        AnnotationValue array = Annotations.value(elements, mirror, "value");
        List<? extends AnnotationValue> literals = list(array);
        if (literals.isEmpty()) {
            site.error(array, "@MiddlewareChain on " + element.getSimpleName() + " is empty: a chain needs at"
                    + " least one middleware");
        }
        List<MiddlewareModel> models = new ArrayList<>();
        List<AnnotationValue> modelSites = new ArrayList<>();
        boolean hasCors = false;
        for (int i = 0; i < literals.size(); i++) {
            AnnotationValue literal = literals.get(i);
            DeclaredType type = (DeclaredType) literal.getValue();
            hasCors |= ((TypeElement) type.asElement()).getQualifiedName()
                    .contentEquals(RuntimeTypes.CORS_MIDDLEWARE);
            Optional<MiddlewareModel> model = middlewares.analyze(site, literal, type, i);
            if (model.isPresent()) {
                models.add(model.get());
                modelSites.add(literal);
            }
        }
        Optional<CorsModel> policy = cors.analyze(site, hasCors);
        TypeMirror exchange = errors.count() == before ? narrowest(site, models, modelSites) : null;
        boolean extendsCimChain = false;
        if (exchange != null) {
            Optional<DeclaredType> own = Supertypes.find(types, element.asType(), RuntimeTypes.CIM_CHAIN_NAME);
            if (own.isPresent()) {
                extendsCimChain = true;
                checkOwnExchangeType(site, own.get(), exchange);
            }
        }
        if (errors.count() != before) {
            return Optional.empty();
        }
        ClassName chainInterface = ClassName.get(element);
        ClassName generated = ClassName.get(chainInterface.packageName(),
                String.join("_", chainInterface.simpleNames()) + "_Cim");
        return Optional.of(new ChainModel(element, chainInterface, generated, TypeName.get(exchange),
                extendsCimChain, models, policy));
    }

    private void checkInterface(ErrorSite site) {
        TypeElement element = site.chain();
        String simple = element.getSimpleName().toString();
        if (!element.getTypeParameters().isEmpty()) {
            site.error("@MiddlewareChain interface " + simple + " must not be generic: the generated class"
                    + " implements it for one exchange type");
        }
        for (Element e = element; e instanceof TypeElement;
                e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                site.error("@MiddlewareChain interface " + simple + " must not be private or nested in a"
                        + " private type: the generated class " + simple + "_Cim implements it");
                break;
            }
        }
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
            if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
                continue;
            }
            TypeElement owner = (TypeElement) method.getEnclosingElement();
            if (owner.getQualifiedName().contentEquals(RuntimeTypes.CIM_CHAIN_NAME)
                    || OBJECT_METHODS.contains(signature(method)) || overridesCimChain(method, element)) {
                continue;
            }
            String where = owner.equals(element) ? "" : " (inherited from " + owner.getQualifiedName() + ")";
            errors.reportError(owner.equals(element) ? method : element, "@MiddlewareChain interface "
                    + simple + " declares the abstract method " + signature(method) + where
                    + ": the generated class implements only CimChain's methods; make it a default method");
        }
    }

    /** Whether {@code method} redeclares one of {@code CimChain}'s, which the generated class implements. */
    private boolean overridesCimChain(ExecutableElement method, TypeElement chain) {
        TypeElement cimChain = elements.getTypeElement(RuntimeTypes.CIM_CHAIN_NAME);
        for (ExecutableElement m : ElementFilter.methodsIn(cimChain.getEnclosedElements())) {
            if (elements.overrides(method, m, chain)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The exchange type that is a subtype of every middleware's, or {@code null} after reporting the
     * first pair of middlewares whose types are unrelated.
     */
    private TypeMirror narrowest(ErrorSite site, List<MiddlewareModel> models, List<AnnotationValue> sites) {
        if (models.isEmpty()) {
            return null;
        }
        for (MiddlewareModel candidate : models) {
            boolean belowAll = true;
            for (MiddlewareModel other : models) {
                belowAll &= types.isSubtype(candidate.exchangeType(), other.exchangeType());
            }
            if (belowAll) {
                return candidate.exchangeType();
            }
        }
        for (int j = 1; j < models.size(); j++) {
            for (int i = 0; i < j; i++) {
                TypeMirror a = models.get(i).exchangeType();
                TypeMirror b = models.get(j).exchangeType();
                if (!types.isSubtype(a, b) && !types.isSubtype(b, a)) {
                    site.error(sites.get(j), "mismatched exchange types: " + models.get(i).simpleName()
                            + " works on " + a + " and " + models.get(j).simpleName() + " on " + b
                            + ", and neither is a subtype of the other; a chain runs on one exchange type");
                    return null;
                }
            }
        }
        // every pair is related but no type is below all: cannot happen with single inheritance lines,
        // but say so rather than generate code that does not compile
        site.error("mismatched exchange types: no middleware's exchange type is a subtype of all the others'");
        return null;
    }

    private void checkOwnExchangeType(ErrorSite site, DeclaredType own, TypeMirror exchange) {
        List<? extends TypeMirror> arguments = own.getTypeArguments();
        if (arguments.size() != 1 || !types.isSameType(arguments.get(0), exchange)) {
            site.error("mismatched exchange types: " + site.chain().getSimpleName() + " extends " + own
                    + " but its middlewares' narrowest exchange type is " + exchange
                    + "; extend CimChain<" + exchange + "> or leave CimChain out");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<? extends AnnotationValue> list(AnnotationValue array) {
        return (List<? extends AnnotationValue>) array.getValue();
    }

    private static String signature(ExecutableElement method) {
        StringBuilder sb = new StringBuilder(method.getSimpleName()).append('(');
        for (int i = 0; i < method.getParameters().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(method.getParameters().get(i).asType());
        }
        return sb.append(')').toString();
    }
}
