package dev.dx.cim.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Valid but unusual chains, and the clash of two chains that want the same generated name. */
class CimProcessorEdgeCaseTest {

    private static final JavaFileObject TIMING = JavaFileObjects.forResource("golden/input/test/Timing.java");

    @Test
    void noArgConstructorThatThrowsCheckedMakesTheMiddlewareAParameter() throws Exception {
        JavaFileObject throwing = JavaFileObjects.forSourceLines("test.Throwing", "package test;",
                "import dev.dx.cim.*;",
                "public final class Throwing implements Middleware<Exchange> {",
                "    public Throwing() throws java.io.IOException {}",
                "    @Override public boolean before(Exchange x) { return CONTINUE; }",
                "}");
        JavaFileObject chain = JavaFileObjects.forSourceLines("test.Api", "package test;",
                "import dev.dx.cim.*;",
                "@MiddlewareChain({Timing.class, Throwing.class})",
                "public interface Api {}");
        Compilation compilation = javac().withProcessors(new CimProcessor()).compile(TIMING, throwing, chain);
        assertThat(compilation).succeededWithoutWarnings();
        Class<?> generated = new CompiledClasses(compilation).loadClass("test.Api_Cim");
        assertThat(generated.getConstructors()[0].getParameterTypes()).extracting(Class::getName)
                .containsExactly("test.Throwing");
    }

    @Test
    void handlerCimsOwnTimingMiddlewareIsAConstructorParameter() throws Exception {
        JavaFileObject chain = JavaFileObjects.forSourceLines("test.Timed", "package test;",
                "import dev.dx.cim.*;",
                "import dev.dx.cim.builtin.TimingMiddleware;",
                "@MiddlewareChain({TimingMiddleware.class, Timing.class})",
                "public interface Timed {}");
        Compilation compilation = javac().withProcessors(new CimProcessor()).compile(TIMING, chain);
        assertThat(compilation).succeededWithoutWarnings();
        Class<?> generated = new CompiledClasses(compilation).loadClass("test.Timed_Cim");
        assertThat(generated.getConstructors()[0].getParameterTypes()).extracting(Class::getName)
                .containsExactly("dev.dx.cim.builtin.TimingMiddleware");
    }

    @Test
    void memberInterfaceGetsItsOutersNameAndMiddlewaresMayBeNested() throws Exception {
        JavaFileObject outer = JavaFileObjects.forSourceLines("test.Outer", "package test;",
                "import dev.dx.cim.*;",
                "public final class Outer {",
                "    static final class Step implements Middleware<Exchange> {",
                "        Step() {}",
                "        @Override public boolean before(Exchange x) { return CONTINUE; }",
                "    }",
                "    @MiddlewareChain({Step.class, Timing.class})",
                "    public interface Api extends CimChain<Exchange> {",
                "        @Override int size(); // redeclaring CimChain's methods is fine",
                "    }",
                "}");
        Compilation compilation = javac().withProcessors(new CimProcessor()).compile(TIMING, outer);
        assertThat(compilation).succeededWithoutWarnings();
        Class<?> generated = new CompiledClasses(compilation).loadClass("test.Outer_Api_Cim");
        assertThat(generated.getInterfaces()).extracting(Class::getName).containsExactly("test.Outer$Api");
        assertThat(generated.getConstructor().newInstance()).isNotNull();
    }

    @Test
    void twoChainsWantingTheSameGeneratedClass() {
        JavaFileObject outer = JavaFileObjects.forSourceLines("test.Outer", "package test;",
                "import dev.dx.cim.*;",
                "public final class Outer {",
                "    @MiddlewareChain(Timing.class)",
                "    public interface Api {}",
                "}");
        JavaFileObject flat = JavaFileObjects.forSourceLines("test.Outer_Api", "package test;",
                "import dev.dx.cim.*;",
                "@MiddlewareChain(Timing.class)",
                "public interface Outer_Api {}");
        Compilation compilation = javac().withProcessors(new CimProcessor()).compile(TIMING, outer, flat);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("cannot generate test.Outer_Api_Cim: that class is already"
                + " generated for another type").inFile(flat).onLineContaining("interface Outer_Api");
    }

    @Test
    void corsMiddlewareMustTakeTheCorsPolicy() {
        JavaFileObject cors = JavaFileObjects.forSourceLines("dev.dx.cim.builtin.CorsMiddleware",
                "package dev.dx.cim.builtin;",
                "import dev.dx.cim.*;",
                "public final class CorsMiddleware implements Middleware<Exchange> {",
                "    public CorsMiddleware() {}",
                "    @Override public boolean before(Exchange x) { return CONTINUE; }",
                "}");
        JavaFileObject chain = JavaFileObjects.forSourceLines("test.Api", "package test;",
                "import dev.dx.cim.*;",
                "@MiddlewareChain(dev.dx.cim.builtin.CorsMiddleware.class)",
                "@CorsOrigins(\"https://a.example\")",
                "public interface Api {}");
        Compilation compilation = javac().withProcessors(new CimProcessor()).compile(cors, chain);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("dev.dx.cim.builtin.CorsMiddleware has no accessible"
                + " constructor taking a dev.dx.cim.builtin.CorsPolicy").inFile(chain)
                .onLineContaining("@MiddlewareChain");
    }
}
