package dev.dx.teleport.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated sources pass the {@code javadoc} tool's doclint, as {@code mvn javadoc:jar} runs it in
 * a user's module: a record with an enum and slices once generated comments holding
 * {@code enum<Color>:u8} and {@code slice<i32>}, which doclint rejects as unknown HTML tags; and a
 * record of every Teleport/1.1 type (§6), whose comments hold {@code optional<T>}.
 */
class GeneratedJavadocTest {

    private static final JavaFileObject COLOR = JavaFileObjects.forSourceLines("test.Color",
            "package test;",
            "",
            "/** A colour. */",
            "public enum Color { RED, GREEN }");

    private static final JavaFileObject PART = JavaFileObjects.forSourceLines("test.Part",
            "package test;",
            "",
            "import dev.dx.teleport.Teleport;",
            "",
            "/** A nested struct. @param id an id */",
            "@Teleport",
            "public record Part(int id) {}");

    private static final JavaFileObject PAINT = JavaFileObjects.forSourceLines("test.Paint",
            "package test;",
            "",
            "import dev.dx.teleport.Teleport;",
            "import java.util.List;",
            "",
            "/**",
            " * Every kind of field. @param color c @param codes c @param ids i @param parts p",
            " * @param part p @param name n",
            " */",
            "@Teleport",
            "public record Paint(Color color, int[] codes, List<Long> ids, Part[] parts, Part part,",
            "        String name) {}");

    private static final JavaFileObject LEDGER = JavaFileObjects.forSourceLines("test.Ledger",
            "package test;",
            "",
            "import dev.dx.teleport.Teleport;",
            "import java.math.BigDecimal;",
            "import java.time.Instant;",
            "import java.time.LocalDate;",
            "import java.util.List;",
            "import java.util.Optional;",
            "import java.util.OptionalInt;",
            "import java.util.UUID;",
            "",
            "/**",
            " * Every Teleport/1.1 type. @param id i @param at a @param day d @param amount a @param blob b",
            " * @param note n @param count c @param flag f @param color c @param part p @param stamps s",
            " * @param blobs b",
            " */",
            "@Teleport",
            "public record Ledger(UUID id, Instant at, LocalDate day, BigDecimal amount, byte[] blob,",
            "        Optional<String> note, OptionalInt count, Boolean flag, Optional<Color> color,",
            "        Optional<Part> part, Instant[] stamps, List<byte[]> blobs) {}");

    @Test
    void generatedJavadocPassesDoclint(@TempDir Path dir) throws IOException {
        Compilation compilation = javac().withProcessors(new TeleportProcessor()).compile(COLOR, PART, PAINT, LEDGER);
        assertThat(compilation).succeeded();
        List<Path> sources = new ArrayList<>();
        for (JavaFileObject file : List.of(COLOR, PART, PAINT, LEDGER,
                compilation.generatedSourceFile("test.Paint_Teleport").orElseThrow(),
                compilation.generatedSourceFile("test.Ledger_Teleport").orElseThrow(),
                compilation.generatedSourceFile("test.Part_Teleport").orElseThrow())) {
            String name = file.getName().replaceAll(".*/", "");
            Path path = dir.resolve("src/test").resolve(name);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getCharContent(true), StandardCharsets.UTF_8);
            sources.add(path);
        }
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            Boolean ok = javadoc.getTask(out, files, diagnostics, null,
                    List.of("-Xdoclint:all,-missing", "-quiet", "-d", dir.resolve("doc").toString(),
                            "-classpath", System.getProperty("java.class.path")),
                    files.getJavaFileObjectsFromPaths(sources)).call();
            List<String> problems = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING) {
                    problems.add(d.getKind() + " " + d.getSource().getName().replaceAll(".*/", "") + ":"
                            + d.getLineNumber() + " " + d.getMessage(Locale.ROOT));
                }
            }
            assertThat(problems).as(out.toString()).isEmpty();
            assertThat(ok).as(out.toString()).isTrue();
        }
    }
}
