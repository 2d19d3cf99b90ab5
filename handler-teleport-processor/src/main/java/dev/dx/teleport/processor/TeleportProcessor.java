package dev.dx.teleport.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.dx.teleport.Teleport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Generates {@code X_Teleport} for every record annotated {@link Teleport @Teleport}.
 *
 * <p>Each record goes through validate → layout ({@code LayoutAnalyzer}, an immutable
 * {@code StructModel}) → source ({@code TeleportClassWriter}). Problems — a non-record type, a
 * generic or private record, an unsupported component type, a nested record that is not
 * {@code @Teleport}, a struct that contains itself — are compile errors on the offending element;
 * the other records are still processed. Records are handled in order of their qualified names and
 * the output depends only on the source, so builds are reproducible. Registered through
 * {@code META-INF/services} by {@code @AutoService}.
 */
@AutoService(Processor.class)
public final class TeleportProcessor extends AbstractProcessor {

    private ErrorReporter errors;
    private LayoutAnalyzer analyzer;
    private TeleportClassWriter writer;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Teleport.class.getCanonicalName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        if (errors == null) {
            errors = new ErrorReporter(processingEnv.getMessager());
            analyzer = new LayoutAnalyzer(errors);
            writer = new TeleportClassWriter(processingEnv.getElementUtils()
                    .getTypeElement(Types.GENERATED.canonicalName()) != null);
        }
        List<Element> annotated = roundEnv.getElementsAnnotatedWith(Teleport.class).stream()
                .sorted(Comparator.comparing(Element::toString))
                .collect(Collectors.toList());
        for (Element element : annotated) {
            try {
                process(element);
            } catch (AbortProcessingException e) {
                // reported on the element already
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                errors.reportError(element, "Teleport processor failed on this type: " + trace);
            }
        }
        return false;
    }

    private void process(Element element) throws IOException {
        if (!(element instanceof TypeElement)) {
            throw errors.abortWithError(element, "@Teleport applies to records only");
        }
        Optional<StructModel> model = analyzer.analyze((TypeElement) element);
        if (model.isEmpty()) {
            return;
        }
        JavaFile file = writer.write(model.get());
        try {
            file.writeTo(processingEnv.getFiler());
        } catch (FilerException e) {
            // e.g. member record Outer.X and top-level record Outer_X both want Outer_X_Teleport
            throw errors.abortWithError(element, "cannot generate " + model.get().generatedType
                    + ": that class is already generated for another type (" + e.getMessage() + ")");
        }
    }
}
