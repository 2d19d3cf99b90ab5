package dev.dx.teleport.processor;

import com.palantir.javapoet.ClassName;
import dev.dx.teleport.TeleportLayout;
import java.util.List;
import javax.lang.model.element.TypeElement;

/** The computed layout of one {@code @Teleport} record: immutable, ready for the writers. */
final class StructModel {

    final TypeElement element;
    final ClassName recordType;
    final ClassName generatedType;
    final List<FieldModel> fields;
    final int size;
    final int align;
    final String canonical;
    final long fingerprint;

    StructModel(TypeElement element, ClassName recordType, ClassName generatedType,
            List<FieldModel> fields, int size, int align) {
        this.element = element;
        this.recordType = recordType;
        this.generatedType = generatedType;
        this.fields = List.copyOf(fields);
        this.size = size;
        this.align = align;
        StringBuilder sb = new StringBuilder("struct ").append(recordType.simpleName()).append('{');
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(fields.get(i).canonical());
        }
        this.canonical = sb.append("}#").append(size).append(':').append(align).toString();
        this.fingerprint = TeleportLayout.fingerprintOf(canonical);
    }

    /** The generated class name for a record: its nesting joined by '_', then {@code _Teleport}. */
    static ClassName generatedName(ClassName recordType) {
        return ClassName.get(recordType.packageName(),
                String.join("_", recordType.simpleNames()) + "_Teleport");
    }
}
