package dev.dx.cim.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dx.cim.CimChain;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor on valid chains: the generated code compiles without warnings under the build's lint
 * flags and equals the golden sources in {@code src/test/resources/golden/expected}
 * ({@code -Dcim.golden.write=true} rewrites them; review the diff before committing). The inputs, with
 * stand-ins for {@code CorsMiddleware} and an HTTP exchange, are in {@code golden/input}.
 */
class CimProcessorTest {

    private static final List<String> INPUTS = List.of(
            "dev/dx/cim/builtin/CorsMiddleware.java",
            "test/HttpExchange.java", "test/HttpMiddleware.java",
            "test/Timing.java", "test/Auth.java", "test/Limit.java", "test/Tag.java",
            "test/Single.java", "test/Mixed.java", "test/Cors.java", "test/Typed.java");

    private static final List<String> CHAINS = List.of("Single_Cim", "Mixed_Cim", "Cors_Cim", "Typed_Cim");

    static List<JavaFileObject> inputs() {
        return INPUTS.stream().map(p -> JavaFileObjects.forResource("golden/input/" + p))
                .collect(Collectors.toList());
    }

    /** The inputs compiled once (each compile costs about a second); tests only read it. */
    private static Compilation compiled;

    private static synchronized Compilation compiled() {
        if (compiled == null) {
            compiled = compile(inputs());
        }
        return compiled;
    }

    private static Compilation compile(List<JavaFileObject> inputs) {
        return javac().withProcessors(new CimProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror") // the build's lint flags, strict
                .compile(inputs);
    }

    @Test
    void generatedCodeCompilesWithoutWarnings() {
        Compilation compilation = compiled();
        assertThat(compilation).succeededWithoutWarnings();
        for (String chain : CHAINS) {
            assertThat(compilation).generatedSourceFile("test." + chain);
        }
    }

    @Test
    void generatedSourcesMatchGoldens() throws IOException {
        Compilation compilation = compiled();
        assertThat(compilation).succeeded();
        for (String name : CHAINS) {
            String actual = compilation.generatedSourceFile("test." + name).orElseThrow()
                    .getCharContent(true).toString();
            String resource = "golden/expected/" + name + ".java";
            if (Boolean.getBoolean("cim.golden.write")) {
                Files.writeString(Path.of("src/test/resources", resource), actual, StandardCharsets.UTF_8);
                continue;
            }
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                assertThat(actual).as(resource).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void outputDoesNotDependOnSourceOrder() throws IOException {
        List<JavaFileObject> reversed = new ArrayList<>(inputs());
        Collections.reverse(reversed);
        Compilation first = compiled();
        Compilation second = compile(reversed);
        for (String name : CHAINS) {
            assertThat(second.generatedSourceFile("test." + name).orElseThrow().getCharContent(true).toString())
                    .isEqualTo(first.generatedSourceFile("test." + name).orElseThrow().getCharContent(true)
                            .toString());
        }
    }

    @Test
    void generatedShape() throws Exception {
        ClassLoader loader = new CompiledClasses(compiled());
        Class<?> mixed = loader.loadClass("test.Mixed_Cim");
        assertThat(Modifier.isFinal(mixed.getModifiers())).isTrue();
        assertThat(mixed.getInterfaces()).extracting(Class::getName)
                .containsExactly("test.Mixed", CimChain.class.getName());
        // no-arg middlewares are created by the chain; the others are constructor parameters, in order
        assertThat(mixed.getConstructors()).hasSize(1);
        assertThat(mixed.getConstructors()[0].getParameterTypes()).extracting(Class::getName)
                .containsExactly("test.Auth", "test.Limit");
        assertThat(Arrays.stream(mixed.getDeclaredFields()).map(f -> f.getType().getSimpleName() + " "
                + f.getName() + (Modifier.isFinal(f.getModifiers()) && Modifier.isPrivate(f.getModifiers())
                ? " private final" : ""))).containsExactly("Timing timing0 private final",
                        "Auth auth1 private final", "Tag tag2 private final", "Limit limit3 private final");
        // the narrowest exchange type, found through Tag's superclass
        Method handle = Arrays.stream(mixed.getDeclaredMethods())
                .filter(m -> m.getName().equals("handle") && !m.isBridge()).findFirst().orElseThrow();
        assertThat(handle.getParameterTypes()[0].getName()).isEqualTo("test.HttpExchange");

        Class<?> typed = loader.loadClass("test.Typed_Cim");
        assertThat(typed.getInterfaces()).extracting(Class::getName).containsExactly("test.Typed");
        Object chain = typed.getConstructor().newInstance();
        assertThat(typed.getMethod("describe").invoke(chain)).isEqualTo("typed chain of 2");
    }

    @Test
    void corsChainBuildsThePolicyFromCorsOrigins() throws Exception {
        ClassLoader loader = new CompiledClasses(compiled());
        Class<?> cors = loader.loadClass("test.Cors_Cim");
        Constructor<?> constructor = cors.getConstructor();
        Object chain = constructor.newInstance();
        Field field = cors.getDeclaredField("corsMiddleware0");
        field.setAccessible(true);
        Object middleware = field.get(chain);
        dev.dx.cim.builtin.CorsPolicy policy = (dev.dx.cim.builtin.CorsPolicy)
                middleware.getClass().getMethod("policy").invoke(middleware);
        assertThat(policy.allows("https://app.example.com")).isTrue();
        assertThat(policy.allows("https://admin.example.com")).isTrue();
        assertThat(policy.allows("https://app.example.com/")).isFalse();
        assertThat(policy.allows("https://evil.example.com")).isFalse();
        assertThat(policy.allows(null)).isFalse();
        assertThat(policy.allowMethods()).isEqualTo("GET, POST");
        assertThat(policy.allowHeaders()).isEqualTo("authorization, content-type"); // the default
        assertThat(policy.maxAge()).isEqualTo("3600");
        assertThat(policy.credentials()).isTrue();
    }
}
