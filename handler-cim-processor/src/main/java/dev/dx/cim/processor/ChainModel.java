package dev.dx.cim.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * A validated chain: everything {@link ChainWriter} needs and nothing it has to check.
 *
 * @param element the annotated interface (the generated class's originating element)
 * @param chainInterface the annotated interface's name
 * @param generatedType {@code Name_Cim} ({@code Outer_Name_Cim} for a member interface), same package
 * @param exchangeType the narrowest exchange type of the middlewares
 * @param extendsCimChain whether the interface already extends {@code CimChain<exchangeType>}
 * @param middlewares the middlewares in chain order (outermost first), at least one
 * @param cors the CORS policy, present exactly when a middleware is {@code CorsMiddleware}
 */
record ChainModel(TypeElement element, ClassName chainInterface, ClassName generatedType,
        TypeName exchangeType, boolean extendsCimChain, List<MiddlewareModel> middlewares,
        Optional<CorsModel> cors) {

    ChainModel {
        middlewares = List.copyOf(middlewares);
    }
}
