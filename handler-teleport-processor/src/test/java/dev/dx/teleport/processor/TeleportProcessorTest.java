package dev.dx.teleport.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor on valid sources: the generated code compiles without warnings next to code that
 * uses it, runs, and equals the golden sources in {@code src/test/resources/expected}
 * ({@code -Dteleport.expected.write=true} rewrites them; review the diff before committing).
 */
class TeleportProcessorTest {

    private static final JavaFileObject USER = JavaFileObjects.forSourceLines("test.User",
            "package test;",
            "",
            "import dev.dx.teleport.Teleport;",
            "",
            "@Teleport",
            "public record User(long id, String name, byte age, boolean active) {}");

    private static final JavaFileObject STATUS = JavaFileObjects.forSourceLines("test.Status",
            "package test;",
            "",
            "public enum Status { NEW, PAID, SHIPPED }");

    private static final JavaFileObject LINE = JavaFileObjects.forSourceLines("test.Line",
            "package test;",
            "",
            "import dev.dx.teleport.Teleport;",
            "",
            "@Teleport",
            "record Line(String sku, int quantity) {}");

    private static final JavaFileObject ORDER = JavaFileObjects.forSourceLines("test.Order",
            "package test;",
            "",
            "import dev.dx.teleport.Teleport;",
            "import java.util.List;",
            "",
            "@Teleport",
            "record Order(long id, Status status, Line[] lines, List<Integer> tags, Line first,",
            "        char grade, String note) {}");

    /** The Teleport/1.1 types (§6): each fixed type, each optional form, a slice of one. */
    private static final JavaFileObject ACCOUNT = JavaFileObjects.forSourceLines("test.Account",
            "package test;",
            "",
            "import dev.dx.teleport.Teleport;",
            "import java.math.BigDecimal;",
            "import java.time.Instant;",
            "import java.time.LocalDate;",
            "import java.util.List;",
            "import java.util.Optional;",
            "import java.util.OptionalLong;",
            "import java.util.UUID;",
            "",
            "@Teleport",
            "record Account(UUID id, Instant createdAt, LocalDate birthday, BigDecimal balance,",
            "        byte[] avatar, Optional<String> nickname, Integer age, OptionalLong lastSeen,",
            "        Optional<Status> status, Optional<Line> lastLine, List<Instant> logins) {}");

    /** Uses the generated API, so the compile fails if any of it is missing or mistyped. */
    private static final JavaFileObject CLIENT = JavaFileObjects.forSourceLines("test.Client",
            "package test;",
            "",
            "import dev.dx.teleport.TeleportMessage;",
            "import dev.dx.teleport.TeleportWriter;",
            "import io.netty.buffer.ByteBuf;",
            "import io.netty.buffer.UnpooledByteBufAllocator;",
            "import java.util.List;",
            "",
            "public final class Client {",
            "    public static String run() {",
            "        Order order = new Order(7, Status.PAID, new Line[] {new Line(\"a\", 1)},",
            "                List.of(1, 2), new Line(\"b\", 2), 'x', \"note\");",
            "        TeleportWriter writer = new TeleportWriter(new UnpooledByteBufAllocator(false));",
            "        Order_Teleport.write(writer, order);",
            "        ByteBuf buf = writer.finish();",
            "        TeleportMessage message = TeleportMessage.wrap(buf, Order_Teleport.LAYOUT);",
            "        try {",
            "            Order_Teleport.View view = Order_Teleport.view(message);",
            "            Line_Teleport.View line = view.lines(0);",
            "            return view.id() + \" \" + view.status() + \" \" + line.skuEquals(\"a\")",
            "                    + \" \" + line.quantity() + \" \" + view.tagsCount() + \" \" + view.tags(1)",
            "                    + \" \" + view.first().sku() + \" \" + view.grade() + \" \" + view.note()",
            "                    + \" \" + Order_Teleport.read(message).tags()",
            "                    + \" \" + Order_Teleport.SIZE + \" \" + Order_Teleport.LINES_OFFSET",
            "                    + \" \" + Long.toHexString(User_Teleport.FINGERPRINT);",
            "        } finally {",
            "            message.release();",
            "        }",
            "    }",
            "}");

    @Test
    void generatedCodeCompilesWithoutWarnings() {
        Compilation compilation = javac()
                .withProcessors(new TeleportProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror") // the build's lint flags
                .compile(USER, STATUS, LINE, ORDER, ACCOUNT, CLIENT);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.User_Teleport");
        assertThat(compilation).generatedSourceFile("test.Order_Teleport");
        assertThat(compilation).generatedSourceFile("test.Line_Teleport");
        assertThat(compilation).generatedSourceFile("test.Account_Teleport");
        // ... and works: load the compiled classes and run the client
        assertThat(run(compilation, "test.Client")).isEqualTo(
                "7 PAID true 1 2 2 b x note [1, 2] 56 12 dc414aabc54060cb");
    }

    /** Loads the classes {@code compilation} wrote and calls {@code className.run()}. */
    static Object run(Compilation compilation, String className) {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String name = file.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", "")
                        .replaceAll("\\.class$", "").replace('/', '.');
                try (InputStream in = file.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        ClassLoader loader = new ClassLoader(TeleportProcessorTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        try {
            return loader.loadClass(className).getMethod("run").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void generatedSourcesMatchGoldens() throws IOException {
        Compilation compilation = javac().withProcessors(new TeleportProcessor())
                .compile(USER, STATUS, LINE, ORDER, ACCOUNT);
        assertThat(compilation).succeeded();
        for (String name : new String[] {"User_Teleport", "Order_Teleport", "Line_Teleport", "Account_Teleport"}) {
            JavaFileObject generated = compilation.generatedSourceFile("test." + name).orElseThrow();
            String actual = generated.getCharContent(true).toString();
            String resource = "expected/" + name + ".java";
            if (Boolean.getBoolean("teleport.expected.write")) {
                Files.writeString(Path.of("src/test/resources", resource), actual, StandardCharsets.UTF_8);
                continue;
            }
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(actual).as(resource).isEqualTo(expected);
            }
        }
    }

    @Test
    void outputIsDeterministic() throws IOException {
        String first = javac().withProcessors(new TeleportProcessor()).compile(ORDER, LINE, STATUS)
                .generatedSourceFile("test.Order_Teleport").orElseThrow().getCharContent(true).toString();
        String second = javac().withProcessors(new TeleportProcessor()).compile(STATUS, LINE, ORDER)
                .generatedSourceFile("test.Order_Teleport").orElseThrow().getCharContent(true).toString();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void compileTimeFingerprintIsTheSpecs() throws IOException {
        String source = javac().withProcessors(new TeleportProcessor()).compile(USER)
                .generatedSourceFile("test.User_Teleport").orElseThrow().getCharContent(true).toString();
        assertThat(source).contains("FINGERPRINT = 0xdc414aabc54060cbL;")
                .contains("\"struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8\"");
    }
}
