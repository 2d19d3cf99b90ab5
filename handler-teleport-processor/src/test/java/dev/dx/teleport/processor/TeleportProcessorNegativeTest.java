package dev.dx.teleport.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Invalid sources: each error is reported on the offending element. */
class TeleportProcessorNegativeTest {

    private static Compilation compile(JavaFileObject... files) {
        return javac().withProcessors(new TeleportProcessor()).compile(files);
    }

    private static JavaFileObject source(String name, String... lines) {
        String[] all = new String[lines.length + 4];
        all[0] = "package test;";
        all[1] = "import dev.dx.teleport.Teleport;";
        all[2] = "import java.util.List;";
        all[3] = "import java.util.Map;";
        System.arraycopy(lines, 0, all, 4, lines.length);
        return JavaFileObjects.forSourceLines("test." + name, all);
    }

    @Test
    void classIsNotARecord() {
        JavaFileObject file = source("NotARecord", "@Teleport", "public final class NotARecord {}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("@Teleport applies to records only; NotARecord is a class")
                .inFile(file).onLineContaining("class NotARecord");
    }

    @Test
    void enumAndInterfaceAreNotRecords() {
        JavaFileObject e = source("Kind", "@Teleport", "enum Kind { A }");
        JavaFileObject i = source("Shape", "@Teleport", "interface Shape {}");
        Compilation compilation = compile(e, i);
        assertThat(compilation).hadErrorContaining("Kind is an enum").inFile(e).onLineContaining("enum Kind");
        assertThat(compilation).hadErrorContaining("Shape is an interface").inFile(i)
                .onLineContaining("interface Shape");
    }

    @Test
    void unsupportedFieldTypes() {
        JavaFileObject file = source("Bad",
                "@Teleport",
                "record Bad(",
                "    long id,",
                "    Object payload,",
                "    Integer boxed,",
                "    Map<String, Integer> map,",
                "    List<String> names,",
                "    Long[] ids,",
                "    List<int[]> nested) {}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(6);
        assertThat(compilation).hadErrorContaining("unsupported Teleport field type java.lang.Object for payload")
                .inFile(file).onLineContaining("Object payload");
        assertThat(compilation).hadErrorContaining("unsupported Teleport field type java.lang.Integer for boxed")
                .inFile(file).onLineContaining("Integer boxed");
        assertThat(compilation).hadErrorContaining("for map").inFile(file).onLineContaining("map,");
        assertThat(compilation).hadErrorContaining("unsupported slice element type java.lang.String")
                .inFile(file).onLineContaining("List<String> names");
        assertThat(compilation).hadErrorContaining("unsupported slice element type java.lang.Long")
                .inFile(file).onLineContaining("Long[] ids");
        assertThat(compilation).hadErrorContaining("for nested").inFile(file)
                .onLineContaining("List<int[]> nested");
    }

    @Test
    void nestedRecordWithoutAnnotation() {
        JavaFileObject plain = source("Plain", "record Plain(int x) {}");
        JavaFileObject holder = source("Holder", "@Teleport", "record Holder(", "    int a,",
                "    Plain plain) {}");
        Compilation compilation = compile(plain, holder);
        assertThat(compilation).hadErrorContaining("record Plain is not annotated @Teleport")
                .inFile(holder).onLineContaining("Plain plain");
    }

    @Test
    void recursiveThroughASlice() {
        JavaFileObject file = source("Node", "@Teleport", "record Node(", "    int value,",
                "    List<Node> children) {}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("recursive struct: Node → Node")
                .inFile(file).onLineContaining("List<Node> children");
    }

    @Test
    void mutuallyRecursive() {
        JavaFileObject a = source("A", "@Teleport", "record A(", "    B b) {}");
        JavaFileObject b = source("B", "@Teleport", "record B(", "    int x,", "    A[] as) {}");
        Compilation compilation = compile(a, b);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("recursive struct: A → B → A")
                .inFile(b).onLineContaining("A[] as");
        assertThat(compilation).hadErrorContaining("record B is not a valid Teleport struct")
                .inFile(a).onLineContaining("B b");
    }

    @Test
    void genericRecord() {
        JavaFileObject file = source("Box", "@Teleport", "record Box<T>(int x) {}");
        assertThat(compile(file)).hadErrorContaining("must not be generic").inFile(file)
                .onLineContaining("record Box");
    }

    @Test
    void privateMemberRecord() {
        JavaFileObject file = source("Host", "final class Host {", "    @Teleport",
                "    private record Hidden(int x) {}", "}");
        assertThat(compile(file)).hadErrorContaining("must not be private").inFile(file)
                .onLineContaining("record Hidden");
    }

    @Test
    void generatedNamesThatCollide() {
        JavaFileObject file = source("Clash", "@Teleport", "record Clash(", "    String name,",
                "    int nameLength) {}");
        assertThat(compile(file)).hadErrorContaining("view method nameLength()").inFile(file)
                .onLineContaining("int nameLength");
    }

    @Test
    void goodRecordsStillGeneratedBesideABadOne() {
        JavaFileObject bad = source("Bad", "@Teleport", "record Bad(Object o) {}");
        JavaFileObject good = source("Good", "@Teleport", "record Good(int x) {}");
        // Use refers to the generated class: had it not been generated, a second error would appear.
        JavaFileObject use = source("Use", "final class Use {", "    int size = Good_Teleport.SIZE;", "}");
        Compilation compilation = compile(bad, good, use);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("for o").inFile(bad).onLineContaining("Object o");
    }
}
