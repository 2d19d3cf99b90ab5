package dev.dx.cim.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Invalid chains: each error names the culprit and sits on the offending element, annotation or class
 * literal, checked by line and column.
 */
class CimProcessorNegativeTest {

    /** A valid middleware on any exchange, with a no-arg constructor. */
    private static final JavaFileObject TIMING = source("Timing",
            "public final class Timing implements Middleware<Exchange> {",
            "    @Override public boolean before(Exchange x) { return CONTINUE; }",
            "}");

    /** Two exchange types on different lines of subtypes, and a subtype of one of them. */
    private static final JavaFileObject EXCHANGES = source("Exchanges",
            "public final class Exchanges {",
            "    private Exchanges() {}",
            "    public interface Web extends Exchange {}",
            "    public interface SecureWeb extends Web {}",
            "    public interface Rpc extends Exchange {}",
            "    public static final class WebOnly implements Middleware<Web> {",
            "        @Override public boolean before(Web x) { return CONTINUE; }",
            "    }",
            "    public static final class RpcOnly implements Middleware<Rpc> {",
            "        @Override public boolean before(Rpc x) { return CONTINUE; }",
            "    }",
            "    public static final class SecureOnly implements Middleware<SecureWeb> {",
            "        @Override public boolean before(SecureWeb x) { return CONTINUE; }",
            "    }",
            "}");

    private static final JavaFileObject CORS_MIDDLEWARE = JavaFileObjects.forResource(
            "golden/input/dev/dx/cim/builtin/CorsMiddleware.java");

    private static JavaFileObject source(String name, String... lines) {
        return sourceIn("test", name, lines);
    }

    private static JavaFileObject sourceIn(String pkg, String name, String... lines) {
        List<String> all = new ArrayList<>(List.of("package " + pkg + ";", "",
                "import dev.dx.cim.*;", "import dev.dx.cim.builtin.CorsMiddleware;",
                "import test.Exchanges.*;", ""));
        all.addAll(Arrays.asList(lines));
        return JavaFileObjects.forSourceLines(pkg + "." + name, all);
    }

    private static Compilation compile(JavaFileObject... files) {
        List<JavaFileObject> all = new ArrayList<>(List.of(TIMING, EXCHANGES, CORS_MIDDLEWARE));
        all.addAll(Arrays.asList(files));
        return javac().withProcessors(new CimProcessor()).compile(all);
    }

    /**
     * Asserts an error containing {@code message} on the one line of {@code file} that contains
     * {@code line}, at the column where {@code at} starts on that line.
     */
    private static void assertErrorAt(Compilation compilation, JavaFileObject file, String message, String line,
            String at) {
        assertThat(compilation).failed();
        long[] position = position(file, line, at);
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLine(position[0])
                .atColumn(position[1]);
    }

    /**
     * Asserts an error containing {@code message} at the class literal {@code className.class} on the one
     * line of {@code file} that contains {@code line}. javac places a class literal at its {@code .class}.
     */
    private static void assertErrorAtLiteral(Compilation compilation, JavaFileObject file, String message,
            String line, String className) {
        assertThat(compilation).failed();
        long[] position = position(file, line, className + ".class");
        assertThat(compilation).hadErrorContaining(message).inFile(file).onLine(position[0])
                .atColumn(position[1] + className.length());
    }

    /** The 1-based line and column of {@code at} on the line of {@code file} that contains {@code line}. */
    private static long[] position(JavaFileObject file, String line, String at) {
        String[] lines;
        try {
            lines = file.getCharContent(true).toString().split("\n", -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(line)) {
                int column = lines[i].indexOf(at);
                if (column < 0) {
                    throw new IllegalArgumentException(at + " is not on line " + lines[i]);
                }
                return new long[] {i + 1, column + 1};
            }
        }
        throw new IllegalArgumentException("no line contains " + line);
    }

    @Test
    void aClassThatIsNotAMiddlewareIsRefusedAtItsClassLiteral() {
        // the annotation's type, Class<? extends Middleware<?>>, lets javac catch this one itself
        JavaFileObject chain = source("Api", "@MiddlewareChain({Timing.class, String.class})", "interface Api {}");
        Compilation compilation = compile(chain);
        assertErrorAtLiteral(compilation, chain, "incompatible types", "@MiddlewareChain", "String");
    }

    @Test
    void nonFinalMiddleware() {
        JavaFileObject open = source("Open", "public class Open implements Middleware<Exchange> {",
                "    @Override public boolean before(Exchange x) { return CONTINUE; }", "}");
        JavaFileObject chain = source("Api", "@MiddlewareChain({Timing.class, Open.class})", "interface Api {}");
        Compilation compilation = compile(open, chain);
        assertErrorAtLiteral(compilation, chain, "test.Open is not final: the generated chain calls middlewares without"
                + " dispatch, so Open must be final", "@MiddlewareChain", "Open");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void abstractClassAndInterfaceAreNotMiddlewaresTheChainCanHold() {
        JavaFileObject base = source("Base", "public abstract class Base implements Middleware<Exchange> {}");
        JavaFileObject shape = source("Shape", "public interface Shape extends Middleware<Exchange> {}");
        JavaFileObject chain = source("Api", "@MiddlewareChain({Base.class, Shape.class})", "interface Api {}");
        Compilation compilation = compile(base, shape, chain);
        assertErrorAtLiteral(compilation, chain, "test.Base is abstract", "@MiddlewareChain", "Base");
        assertErrorAtLiteral(compilation, chain, "test.Shape is an interface: the generated chain calls middlewares"
                + " without dispatch, so a middleware must be a final class", "@MiddlewareChain", "Shape");
    }

    @Test
    void enumMiddlewareIsRefused() {
        JavaFileObject single = source("Single", "public enum Single implements Middleware<Exchange> {",
                "    INSTANCE;", "    @Override public boolean before(Exchange x) { return CONTINUE; }", "}");
        JavaFileObject chain = source("Api", "@MiddlewareChain(Single.class)", "interface Api {}");
        assertErrorAtLiteral(compile(single, chain), chain, "test.Single is an enum", "@MiddlewareChain",
                "Single");
    }

    @Test
    void privateConstructorsOnly() {
        JavaFileObject sealed = source("Sealed", "public final class Sealed implements Middleware<Exchange> {",
                "    private Sealed() {}",
                "    @Override public boolean before(Exchange x) { return CONTINUE; }", "}");
        JavaFileObject chain = source("Api", "@MiddlewareChain({Timing.class, Sealed.class})", "interface Api {}");
        assertErrorAtLiteral(compile(sealed, chain), chain, "test.Sealed has no constructor the generated chain"
                + " can call: make one public", "@MiddlewareChain", "Sealed");
    }

    @Test
    void packagePrivateConstructorInAnotherPackage() {
        JavaFileObject hidden = sourceIn("other", "Hidden",
                "public final class Hidden implements Middleware<Exchange> {",
                "    Hidden(int limit) {}",
                "    protected Hidden(String name) {}",
                "    @Override public boolean before(Exchange x) { return CONTINUE; }", "}");
        JavaFileObject chain = source("Api", "@MiddlewareChain({Timing.class, other.Hidden.class})",
                "interface Api {}");
        assertErrorAtLiteral(compile(hidden, chain), chain, "other.Hidden has no constructor the generated chain can"
                + " call", "@MiddlewareChain", "other.Hidden");
    }

    @Test
    void middlewareTheGeneratedClassCannotName() {
        JavaFileObject outer = source("Outer", "public final class Outer {",
                "    private static final class Secret implements Middleware<Exchange> {",
                "        @Override public boolean before(Exchange x) { return CONTINUE; }", "    }",
                "    public final class Inner implements Middleware<Exchange> {",
                "        @Override public boolean before(Exchange x) { return CONTINUE; }", "    }",
                "    @MiddlewareChain({Secret.class, Inner.class})",
                "    interface Api {}",
                "}");
        Compilation compilation = compile(outer);
        assertErrorAtLiteral(compilation, outer, "test.Outer.Secret cannot be named by the generated chain in package"
                + " test: Secret is private", "@MiddlewareChain", "Secret");
        assertErrorAtLiteral(compilation, outer, "test.Outer.Inner is an inner class: make it static",
                "@MiddlewareChain", "Inner");
    }

    @Test
    void genericMiddleware() {
        JavaFileObject any = source("Any", "public final class Any<X extends Exchange> implements Middleware<X> {",
                "    @Override public boolean before(X x) { return CONTINUE; }", "}");
        JavaFileObject chain = source("Api", "@MiddlewareChain(Any.class)", "interface Api {}");
        // a generic class's literal is raw, so javac refuses it as a Class<? extends Middleware<?>>
        assertErrorAtLiteral(compile(any, chain), chain, "incompatible types", "@MiddlewareChain", "Any");
    }

    @Test
    void emptyChain() {
        JavaFileObject chain = source("Api", "@MiddlewareChain({})", "interface Api {}");
        Compilation compilation = compile(chain);
        assertErrorAt(compilation, chain, "@MiddlewareChain on Api is empty: a chain needs at least one middleware",
                "@MiddlewareChain", "{}");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void exchangeTypesOnDifferentLines() {
        JavaFileObject chain = source("Api", "@MiddlewareChain({Timing.class, WebOnly.class, RpcOnly.class})",
                "interface Api {}");
        assertErrorAtLiteral(compile(chain), chain, "mismatched exchange types: WebOnly works on test.Exchanges.Web and"
                + " RpcOnly on test.Exchanges.Rpc", "@MiddlewareChain", "RpcOnly");
    }

    @Test
    void interfacesOwnCimChainTypeMustBeTheNarrowest() {
        JavaFileObject wider = source("Wider",
                "@MiddlewareChain({Timing.class, SecureOnly.class, WebOnly.class})",
                "interface Wider extends CimChain<Web> {}");
        Compilation compilation = compile(wider);
        assertErrorAt(compilation, wider, "mismatched exchange types: Wider extends dev.dx.cim.CimChain<test"
                + ".Exchanges.Web> but its middlewares' narrowest exchange type is test.Exchanges.SecureWeb",
                "@MiddlewareChain", "@MiddlewareChain");
    }

    @Test
    void onAClass() {
        JavaFileObject chain = source("Api", "@MiddlewareChain(Timing.class)", "final class Api {}");
        assertErrorAt(compile(chain), chain, "@MiddlewareChain applies to interfaces only; Api is a class",
                "@MiddlewareChain", "@MiddlewareChain");
    }

    @Test
    void chainInterfaceItselfMustBeImplementable() {
        JavaFileObject outer = source("Outer", "public final class Outer {",
                "    @MiddlewareChain(Timing.class) // hidden",
                "    private interface Hidden {}",
                "    @MiddlewareChain(Timing.class) // generic",
                "    interface Generic<T> {}",
                "    @MiddlewareChain(Timing.class) // extra",
                "    interface Extra {",
                "        void extra(int x);",
                "        default void fine() {}",
                "        String toString();",
                "    }",
                "}");
        Compilation compilation = compile(outer);
        assertThat(compilation).failed();
        assertErrorAt(compilation, outer, "interface Hidden must not be private", "// hidden", "@");
        assertErrorAt(compilation, outer, "interface Generic must not be generic", "// generic", "@");
        assertErrorAt(compilation, outer, "interface Extra declares the abstract method extra(int)",
                "void extra", "extra");
        assertThat(compilation).hadErrorCount(3);
    }

    @Test
    void corsMiddlewareWithoutCorsOrigins() {
        JavaFileObject chain = source("Api", "@MiddlewareChain({CorsMiddleware.class, Timing.class})",
                "interface Api {}");
        assertErrorAt(compile(chain), chain, "Api contains dev.dx.cim.builtin.CorsMiddleware but has no"
                + " @CorsOrigins", "@MiddlewareChain", "@MiddlewareChain");
    }

    @Test
    void corsOriginsWithoutCorsMiddleware() {
        JavaFileObject chain = source("Api", "@MiddlewareChain(Timing.class)",
                "@CorsOrigins(\"https://a.example\")", "interface Api {}");
        assertErrorAt(compile(chain), chain, "@CorsOrigins on Api, whose chain has no"
                + " dev.dx.cim.builtin.CorsMiddleware", "@CorsOrigins", "@CorsOrigins");
    }

    @Test
    void corsOriginsMustListOrigins() {
        JavaFileObject chain = source("Api", "@MiddlewareChain(CorsMiddleware.class)",
                "@CorsOrigins(value = {}, maxAgeSeconds = 60)", "interface Api {}");
        Compilation compilation = compile(chain);
        assertErrorAt(compilation, chain, "@CorsOrigins lists no origin", "@CorsOrigins", "{}");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void corsOriginsBlankRepeatedAndNegativeMaxAge() {
        JavaFileObject chain = source("Api", "@MiddlewareChain(CorsMiddleware.class)",
                "@CorsOrigins(value = {\"https://a.example\", \" \", \"https://a.example\"},",
                "        maxAgeSeconds = -1)",
                "interface Api {}");
        Compilation compilation = compile(chain);
        assertErrorAt(compilation, chain, "@CorsOrigins origin \" \" is blank", "@CorsOrigins", "\" \"");
        assertErrorAt(compilation, chain, "@CorsOrigins lists origin \"https://a.example\" twice", "@CorsOrigins",
                "\"https://a.example\"}");
        assertErrorAt(compilation, chain, "@CorsOrigins maxAgeSeconds : -1 (expected: >= 0)", "maxAgeSeconds",
                "-1");
        assertThat(compilation).hadErrorCount(3);
    }

    @Test
    void everyBadMiddlewareOfAChainIsReportedInOneCompile() {
        JavaFileObject open = source("Open", "public class Open implements Middleware<Exchange> {",
                "    @Override public boolean before(Exchange x) { return CONTINUE; }", "}");
        JavaFileObject sealed = source("Sealed", "public final class Sealed implements Middleware<Exchange> {",
                "    private Sealed() {}",
                "    @Override public boolean before(Exchange x) { return CONTINUE; }", "}");
        JavaFileObject chain = source("Api", "@MiddlewareChain({Open.class, Timing.class, Sealed.class})",
                "interface Api {}");
        Compilation compilation = compile(open, sealed, chain);
        assertErrorAtLiteral(compilation, chain, "test.Open is not final", "@MiddlewareChain", "Open");
        assertErrorAtLiteral(compilation, chain, "test.Sealed has no constructor", "@MiddlewareChain", "Sealed");
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void unresolvedMiddlewareIsLeftToJavac() {
        JavaFileObject chain = source("Api", "@MiddlewareChain({Timing.class, Missing.class})", "interface Api {}");
        Compilation compilation = compile(chain);
        assertErrorAt(compilation, chain, "cannot find symbol", "@MiddlewareChain", "Missing");
        assertThat(compilation).hadErrorCount(1);
    }
}
