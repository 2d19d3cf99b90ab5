package dev.dx.cim.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Generates {@code Name_Cim} for every interface annotated {@link dev.dx.cim.MiddlewareChain
 * @MiddlewareChain}: one final class that holds each middleware in a final field of its concrete type
 * and calls them in straight lines.
 *
 * <p>Each chain goes through validate and model ({@code ChainAnalyzer}, an immutable
 * {@code ChainModel}) then write ({@code ChainWriter}). Problems are compile errors on the offending
 * element, annotation or class literal; the other chains are still processed. A chain whose class
 * literals do not resolve yet waits for a later round, in case another processor generates them.
 * Chains are handled in order of their qualified names and the output depends only on the source, so
 * builds are reproducible. Registered through {@code META-INF/services} by {@code @AutoService}.
 */
@AutoService(Processor.class)
public final class CimProcessor extends AbstractProcessor {

    private ErrorReporter errors;
    private ChainAnalyzer analyzer;
    private ChainWriter writer;
    /** Chains deferred because a class literal did not resolve, by qualified name. */
    private final Set<String> deferred = new LinkedHashSet<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(RuntimeTypes.MIDDLEWARE_CHAIN);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        if (errors == null) {
            errors = new ErrorReporter(processingEnv.getMessager());
            analyzer = new ChainAnalyzer(processingEnv, errors);
            writer = new ChainWriter(processingEnv.getElementUtils()
                    .getTypeElement(RuntimeTypes.GENERATED.canonicalName()) != null);
        }
        List<TypeElement> chains = new ArrayList<>();
        for (String name : deferred) {
            TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
            if (element != null) {
                chains.add(element);
            }
        }
        deferred.clear();
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(RuntimeTypes.MIDDLEWARE_CHAIN);
        if (annotation != null) {
            for (Element element : roundEnv.getElementsAnnotatedWith(annotation)) {
                chains.add((TypeElement) element); // @Target(TYPE)
            }
        }
        chains.sort(Comparator.comparing(e -> e.getQualifiedName().toString()));
        for (TypeElement chain : chains) {
            if (!ChainAnalyzer.resolved(chain, processingEnv.getElementUtils())) {
                // javac reports the unresolved class itself if no later round provides it
                if (!roundEnv.processingOver()) {
                    deferred.add(chain.getQualifiedName().toString());
                }
                continue;
            }
            try {
                process(chain);
            } catch (AbortProcessingException e) {
                // reported on the element already
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                errors.reportError(chain, "MiddlewareChain processor failed on this type: " + trace);
            }
        }
        return false;
    }

    private void process(TypeElement element) throws IOException {
        Optional<ChainModel> model = analyzer.analyze(element);
        if (model.isEmpty()) {
            return;
        }
        JavaFile file = writer.write(model.get());
        try {
            file.writeTo(processingEnv.getFiler());
        } catch (FilerException e) {
            errors.reportError(element, "cannot generate " + model.get().generatedType()
                    + ": that class is already generated for another type (" + e.getMessage() + ")");
        }
    }
}
