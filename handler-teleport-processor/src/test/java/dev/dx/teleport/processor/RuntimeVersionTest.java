package dev.dx.teleport.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dx.teleport.runtime.TeleportRuntime;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A generated class checks the runtime's version when it loads: generated for the runtime it runs
 * on, it loads; generated for another version (simulated by editing the number in its source), it
 * fails to load with an error naming both versions.
 */
class RuntimeVersionTest {

    private static final JavaFileObject USER = JavaFileObjects.forSourceLines("test.User",
            "package test;",
            "",
            "import dev.dx.teleport.Teleport;",
            "",
            "@Teleport",
            "public record User(long id, String name, byte age, boolean active) {}");

    /** Touches {@code User_Teleport.LAYOUT}, which initialises the class. */
    private static final JavaFileObject CLIENT = JavaFileObjects.forSourceLines("test.Client",
            "package test;",
            "",
            "public final class Client {",
            "    public static String run() {",
            "        return User_Teleport.LAYOUT.name();",
            "    }",
            "}");

    @Test
    void aClassGeneratedForThisRuntimeLoads() throws IOException {
        Compilation compilation = javac().withProcessors(new TeleportProcessor()).compile(USER, CLIENT);
        assertThat(compilation).succeeded();
        assertThat(generated(compilation)).contains("TeleportRuntime.requireVersion("
                + TeleportRuntime.VERSION + ", \"User_Teleport\")");
        assertThat(TeleportProcessorTest.run(compilation, "test.Client")).isEqualTo("User");
    }

    @Test
    void aClassGeneratedForAnotherVersionFailsToLoadNamingBoth() throws IOException {
        String source = generated(javac().withProcessors(new TeleportProcessor()).compile(USER));
        int other = TeleportRuntime.VERSION + 1;
        String edited = source.replace("requireVersion(" + TeleportRuntime.VERSION + ",",
                "requireVersion(" + other + ",");
        assertThat(edited).isNotEqualTo(source);
        Compilation compilation = javac().compile(USER,
                JavaFileObjects.forSourceString("test.User_Teleport", edited), CLIENT);
        assertThat(compilation).succeeded();
        assertThatThrownBy(() -> TeleportProcessorTest.run(compilation, "test.Client"))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("User_Teleport was generated for Teleport runtime version " + other)
                .hasMessageContaining("is version " + TeleportRuntime.VERSION);
    }

    private static String generated(Compilation compilation) throws IOException {
        return compilation.generatedSourceFile("test.User_Teleport").orElseThrow().getCharContent(true).toString();
    }
}
