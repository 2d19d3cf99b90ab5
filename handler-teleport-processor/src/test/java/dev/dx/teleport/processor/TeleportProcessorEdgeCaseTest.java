package dev.dx.teleport.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Valid sources that could trip the generator: component names equal to generated members, a
 * record named {@code View}, records nested in interfaces and generic classes, enums on either
 * side of the u8/u16 limit, 0-byte structs in slices. Each compiles with {@code -Werror} and runs.
 */
class TeleportProcessorEdgeCaseTest {

    private static Compilation compile(JavaFileObject... files) {
        Compilation compilation = javac().withProcessors(new TeleportProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror").compile(files);
        assertThat(compilation).succeededWithoutWarnings();
        return compilation;
    }

    private static JavaFileObject source(String name, String... lines) {
        String[] all = new String[lines.length + 1];
        all[0] = "package t;";
        System.arraycopy(lines, 0, all, 1, lines.length);
        return JavaFileObjects.forSourceLines("t." + name, all);
    }

    /** A client {@code t.Client.run()} whose body is {@code lines}, with the usual imports. */
    private static JavaFileObject client(String... lines) {
        String[] head = {
            "import dev.dx.teleport.TeleportMessage;",
            "import io.netty.buffer.UnpooledByteBufAllocator;",
            "public final class Client {",
            "    public static String run() {",
        };
        String[] all = new String[head.length + lines.length + 2];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(lines, 0, all, head.length, lines.length);
        all[all.length - 2] = "    }";
        all[all.length - 1] = "}";
        return source("Client", all);
    }

    @Test
    void componentsNamedLikeGeneratedMembers() {
        JavaFileObject names = source("Names", "@dev.dx.teleport.Teleport",
                "public record Names(int SIZE, long view, String buffer, int offset, int dataLength,",
                "        int stringLength, String wrap, int read, int write, int index, String value,",
                "        int i, int base, int[] slice, int at, int writer, int e, int s0, int LAYOUT,",
                "        int TYPE, int CANONICAL, int ALIGN, int FINGERPRINT, int encode, int[] s1) {}");
        Compilation compilation = compile(names, client(
                "        Names n = new Names(1, 2, \"b\", 3, 4, 5, \"w\", 6, 7, 8, \"v\", 9, 10,",
                "                new int[] {11}, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, new int[] {22, 23});",
                "        TeleportMessage m = TeleportMessage.wrap(",
                "                Names_Teleport.encode(UnpooledByteBufAllocator.DEFAULT, n), Names_Teleport.LAYOUT);",
                "        try {",
                "            Names_Teleport.View v = Names_Teleport.view(m);",
                "            Names r = Names_Teleport.read(m);",
                "            return v.SIZE() + \" \" + v.view() + \" \" + v.buffer() + \" \" + v.offset()",
                "                    + \" \" + v.wrap() + \" \" + v.valueEquals(\"v\") + \" \" + v.slice(0)",
                "                    + \" \" + v.s1(1) + \" \" + r.FINGERPRINT() + \" \" + r.encode()",
                "                    + \" \" + (Names_Teleport.SIZE_OFFSET < Names_Teleport.SIZE);",
                "        } finally {",
                "            m.release();",
                "        }"));
        assertThat(TeleportProcessorTest.run(compilation, "t.Client"))
                .isEqualTo("1 2 b 3 w true 11 23 20 21 true");
    }

    @Test
    void recordNamedViewAndMemberRecordsInInterfacesAndGenericClasses() {
        JavaFileObject view = source("View", "@dev.dx.teleport.Teleport public record View(int x) {}");
        JavaFileObject screen = source("Screen", "@dev.dx.teleport.Teleport",
                "public record Screen(View main, View[] more, java.util.List<View> rest) {}");
        JavaFileObject api = source("Api", "public interface Api {",
                "    final class Msgs {",
                "        @dev.dx.teleport.Teleport",
                "        public record Ping(long t, Kind k) { public enum Kind { A, B } }",
                "    }",
                "}");
        JavaFileObject generic = source("G", "public class G<T> {",
                "    @dev.dx.teleport.Teleport public record R(int x, Api.Msgs.Ping ping) {}",
                "}");
        Compilation compilation = compile(view, screen, api, generic, client(
                "        Screen s = new Screen(new View(1), new View[] {new View(2)}, java.util.List.of(new View(3)));",
                "        G.R g = new G.R(4, new Api.Msgs.Ping(5, Api.Msgs.Ping.Kind.B));",
                "        TeleportMessage a = TeleportMessage.wrap(",
                "                Screen_Teleport.encode(UnpooledByteBufAllocator.DEFAULT, s), Screen_Teleport.LAYOUT);",
                "        TeleportMessage b = TeleportMessage.wrap(",
                "                G_R_Teleport.encode(UnpooledByteBufAllocator.DEFAULT, g), G_R_Teleport.LAYOUT);",
                "        try {",
                "            View_Teleport.View main = Screen_Teleport.view(a).main();",
                "            return main.x() + \" \" + Screen_Teleport.read(a).rest().get(0).x()",
                "                    + \" \" + G_R_Teleport.view(b).ping().k()",
                "                    + \" \" + Api_Msgs_Ping_Teleport.SIZE;",
                "        } finally {",
                "            a.release();",
                "            b.release();",
                "        }"));
        assertThat(TeleportProcessorTest.run(compilation, "t.Client")).isEqualTo("1 3 B 16");
    }

    @Test
    void enumsOnEitherSideOfTheU8Limit() throws IOException {
        JavaFileObject e256 = source("E256", "public enum E256 {" + constants(256) + "}");
        JavaFileObject e257 = source("E257", "public enum E257 {" + constants(257) + "}");
        JavaFileObject record = source("En", "@dev.dx.teleport.Teleport",
                "public record En(E256 a, E257 b, char c) {}");
        Compilation compilation = compile(e256, e257, record, client(
                "        En en = new En(E256.C255, E257.C256, '\\uffff');",
                "        TeleportMessage m = TeleportMessage.wrap(",
                "                En_Teleport.encode(UnpooledByteBufAllocator.DEFAULT, en), En_Teleport.LAYOUT);",
                "        try {",
                "            En_Teleport.View v = En_Teleport.view(m);",
                "            return v.a() + \" \" + v.b() + \" \" + (int) v.c() + \" \" + m.content().getByte(24)",
                "                    + \" \" + m.content().getShortLE(26) + \" \" + En_Teleport.read(m).equals(en);",
                "        } finally {",
                "            m.release();",
                "        }"));
        assertThat(compilation.generatedSourceFile("t.En_Teleport").orElseThrow()
                .getCharContent(true).toString()).contains(
                        "\"struct En{a:enum<E256>:u8@0,b:enum<E257>:u16@2,c:u16@4}#6:2\"");
        assertThat(TeleportProcessorTest.run(compilation, "t.Client"))
                .isEqualTo("C255 C256 65535 -1 256 true");
    }

    @Test
    void emptyRecordsInSlicesAndInline() {
        JavaFileObject none = source("None", "@dev.dx.teleport.Teleport public record None() {}");
        JavaFileObject holder = source("Holder", "@dev.dx.teleport.Teleport",
                "public record Holder(None[] a, java.util.List<None> b, None c, byte d) {}");
        Compilation compilation = compile(none, holder, client(
                "        Holder h = new Holder(new None[2], java.util.List.of(new None()), new None(), (byte) 9);",
                "        java.util.Arrays.fill(h.a(), new None());",
                "        TeleportMessage m = TeleportMessage.wrap(",
                "                Holder_Teleport.encode(UnpooledByteBufAllocator.DEFAULT, h), Holder_Teleport.LAYOUT);",
                "        try {",
                "            Holder_Teleport.View v = Holder_Teleport.view(m);",
                "            Holder r = Holder_Teleport.read(m);",
                "            return v.aCount() + \" \" + v.bCount() + \" \" + v.d() + \" \" + r.a().length",
                "                    + \" \" + r.b().size() + \" \" + Holder_Teleport.SIZE + \" \" + m.dataLength();",
                "        } finally {",
                "            m.release();",
                "        }"));
        assertThat(TeleportProcessorTest.run(compilation, "t.Client")).isEqualTo("2 1 9 2 1 20 24");
    }

    private static String constants(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append('C').append(i);
        }
        return sb.toString();
    }
}
