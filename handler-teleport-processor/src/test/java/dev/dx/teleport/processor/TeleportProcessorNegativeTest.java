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
                "    Map<String, Integer> map,",
                "    List<String> names,",
                "    Long[] ids,",
                "    List<int[]> nested) {}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(5);
        assertThat(compilation).hadErrorContaining("unsupported Teleport field type java.lang.Object for payload")
                .inFile(file).onLineContaining("Object payload");
        assertThat(compilation).hadErrorContaining("for map").inFile(file).onLineContaining("map,");
        assertThat(compilation).hadErrorContaining("unsupported slice element type java.lang.String")
                .inFile(file).onLineContaining("List<String> names");
        assertThat(compilation).hadErrorContaining("unsupported slice element type java.lang.Long")
                .inFile(file).onLineContaining("Long[] ids");
        assertThat(compilation).hadErrorContaining("for nested").inFile(file)
                .onLineContaining("List<int[]> nested");
    }

    /** §6: "optional<optional<T>> is not allowed", whichever Java optional spells either level. */
    @Test
    void optionalOfOptionalIsRefusedOnTheComponent() {
        JavaFileObject file = source("Twice", "import java.util.*;", "@Teleport", "record Twice(",
                "    long id,",
                "    Optional<Optional<String>> nested,",
                "    Optional<OptionalInt> primitive,",
                "    Optional<OptionalLong> wide,",
                "    Optional<Integer> boxed) {}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining("optional<optional<T>> is not allowed (Teleport §6): nested is"
                + " java.util.Optional<java.util.Optional<java.lang.String>>")
                .inFile(file).onLineContaining("Optional<Optional<String>> nested");
        assertThat(compilation).hadErrorContaining("optional<optional<T>> is not allowed (Teleport §6): primitive")
                .inFile(file).onLineContaining("Optional<OptionalInt> primitive");
        assertThat(compilation).hadErrorContaining("optional<optional<T>> is not allowed (Teleport §6): wide")
                .inFile(file).onLineContaining("Optional<OptionalLong> wide");
    }

    /** §6: "a slice may hold any of these types except optional"; a List of boxes stays slice<T>. */
    @Test
    void slicesOfOptionalsAreRefusedOnTheComponent() {
        JavaFileObject file = source("Holes", "import java.util.*;", "@Teleport", "record Holes(",
                "    List<Optional<String>> names,",
                "    List<OptionalInt> counts,",
                "    OptionalDouble[] ratios,",
                "    Optional<java.time.Instant>[] stamps,",
                "    List<Integer> boxed) {}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(4);
        assertThat(compilation).hadErrorContaining("a slice may not hold optionals (Teleport §6): names is"
                + " java.util.List<java.util.Optional<java.lang.String>>")
                .inFile(file).onLineContaining("List<Optional<String>> names");
        assertThat(compilation).hadErrorContaining("a slice may not hold optionals (Teleport §6): counts")
                .inFile(file).onLineContaining("List<OptionalInt> counts");
        assertThat(compilation).hadErrorContaining("a slice may not hold optionals (Teleport §6): ratios")
                .inFile(file).onLineContaining("OptionalDouble[] ratios");
        assertThat(compilation).hadErrorContaining("a slice may not hold optionals (Teleport §6): stamps")
                .inFile(file).onLineContaining("stamps,");
    }

    /** An optional slice is valid Teleport but not something this processor generates. */
    @Test
    void optionalSlicesAreRefusedOnTheComponent() {
        JavaFileObject file = source("Maybe", "import java.util.*;", "@Teleport", "record Maybe(",
                "    Optional<List<Integer>> list,",
                "    Optional<int[]> array,",
                "    Optional<byte[]> blob) {}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("for list: an optional slice is not supported")
                .inFile(file).onLineContaining("Optional<List<Integer>> list");
        assertThat(compilation).hadErrorContaining("for array: an optional slice is not supported")
                .inFile(file).onLineContaining("Optional<int[]> array");
    }

    /** The view methods of §6 fields count in the clash check: hasX, xMicros, xOr. */
    @Test
    void section6ViewMethodsThatClashAreRefused() {
        JavaFileObject file = source("Clash", "import java.util.*;", "@Teleport", "record Clash(",
                "    Integer count,",
                "    boolean hasCount,",
                "    java.time.Instant at,",
                "    long atMicros) {}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("field hasCount would get a view method hasCount()")
                .inFile(file).onLineContaining("boolean hasCount");
        assertThat(compilation).hadErrorContaining("field atMicros would get a view method atMicros()")
                .inFile(file).onLineContaining("long atMicros");
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
    void enumNestedInAPrivateType() {
        JavaFileObject file = source("Host", "public final class Host {",
                "    private static final class Hidden { enum Kind { A } }",
                "    @Teleport",
                "    record R(",
                "        int x,",
                "        Hidden.Kind kind) {}",
                "}");
        Compilation compilation = compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1); // on the component, not in the generated source
        assertThat(compilation).hadErrorContaining("enum Kind must not be private or nested in a type"
                + " the generated class cannot access: Hidden is private")
                .inFile(file).onLineContaining("Hidden.Kind kind");
    }

    @Test
    void protectedMemberTypesOfASuperclassInAnotherPackage() {
        // The record in q.Sub can name p.Base's protected member types; q.Sub_R_Teleport cannot.
        JavaFileObject base = JavaFileObjects.forSourceLines("p.Base", "package p;",
                "public class Base {",
                "    protected enum Kind { A }",
                "    @dev.dx.teleport.Teleport",
                "    protected record Point(int x) {}",
                "}");
        JavaFileObject api = JavaFileObjects.forSourceLines("p.Api", "package p;",
                "public interface Api { enum Level { LOW } }"); // implicitly public: fine
        JavaFileObject sub = JavaFileObjects.forSourceLines("q.Sub", "package q;",
                "public class Sub extends p.Base {",
                "    @dev.dx.teleport.Teleport",
                "    record R(",
                "        Kind kind,",
                "        Point[] points,",
                "        p.Api.Level level) {}",
                "}");
        Compilation compilation = compile(base, api, sub);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("enum Kind must not be private or nested in a"
                + " type the generated class cannot access: Kind is not public and is in another package")
                .inFile(sub).onLineContaining("Kind kind");
        assertThat(compilation).hadErrorContaining("record Point must not be private or nested in a"
                + " type the generated class cannot access: Point is not public")
                .inFile(sub).onLineContaining("Point[] points");
    }

    @Test
    void memberRecordAndTopLevelRecordWantTheSameGeneratedName() {
        JavaFileObject outer = source("Outer", "public final class Outer {", "    @Teleport",
                "    public record X(int a) {}", "}");
        JavaFileObject flat = source("Outer_X", "@Teleport", "public record Outer_X(int b) {}");
        Compilation compilation = compile(outer, flat);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        // records are processed in name order: test.Outer.X first, then test.Outer_X
        assertThat(compilation).hadErrorContaining("cannot generate test.Outer_X_Teleport: that class"
                + " is already generated for another type").inFile(flat)
                .onLineContaining("record Outer_X");
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
