package dev.dx.cim.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** Small questions about types that the analyzers share. */
final class Supertypes {

    private Supertypes() {
    }

    /**
     * The supertype of {@code type} (or {@code type} itself) whose class is {@code qualifiedName}, with
     * the type arguments the hierarchy gives it: for {@code final class A extends Base<HttpExchange>} and
     * {@code Base<X> implements Middleware<X>}, {@code Middleware<HttpExchange>}.
     */
    static Optional<DeclaredType> find(Types types, TypeMirror type, String qualifiedName) {
        Deque<TypeMirror> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            TypeMirror t = queue.removeFirst();
            if (t.getKind() != TypeKind.DECLARED || !seen.add(t.toString())) {
                continue;
            }
            TypeElement element = (TypeElement) ((DeclaredType) t).asElement();
            if (element.getQualifiedName().contentEquals(qualifiedName)) {
                return Optional.of((DeclaredType) t);
            }
            queue.addAll(types.directSupertypes(t));
        }
        return Optional.empty();
    }

    /** The package {@code element} is declared in ({@code ""} for the unnamed package). */
    static String packageOf(Element element) {
        Element e = element;
        while (e != null && !(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return e == null ? "" : ((PackageElement) e).getQualifiedName().toString();
    }

    /**
     * Why code in package {@code fromPackage} cannot name {@code type}, or {@code null} if it can: a
     * private type in its nesting, or a non-public one in another package.
     */
    static String inaccessibility(TypeElement type, String fromPackage) {
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                return e.getSimpleName() + " is private";
            }
            if (!e.getModifiers().contains(Modifier.PUBLIC)
                    && !packageOf(e).equals(fromPackage)) {
                return e.getSimpleName() + " is not public and is in another package";
            }
        }
        return null;
    }
}
