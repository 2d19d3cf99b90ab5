package dev.dx.teleport.processor;

import com.palantir.javapoet.ClassName;
import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportStruct;
import java.util.List;
import javax.lang.model.element.TypeElement;

/** The computed layout of one {@code @Teleport} record: immutable, ready for the writers. */
final class StructModel {

    final TypeElement element;
    final ClassName recordType;
    final ClassName generatedType;
    final List<FieldModel> fields;
    /** The layout as {@link TeleportStruct} computes it at run time; the fields below are its. */
    final TeleportStruct teleport;
    final int size;
    final int align;
    final String canonical;
    final long fingerprint;

    StructModel(TypeElement element, ClassName recordType, ClassName generatedType,
            List<FieldModel> fields, TeleportStruct teleport) {
        this.element = element;
        this.recordType = recordType;
        this.generatedType = generatedType;
        this.fields = List.copyOf(fields);
        this.teleport = teleport;
        TeleportLayout layout = teleport.layout();
        this.size = layout.size();
        this.align = layout.align();
        this.canonical = layout.canonical();
        this.fingerprint = layout.fingerprint();
    }

    /** The generated class name for a record: its nesting joined by '_', then {@code _Teleport}. */
    static ClassName generatedName(ClassName recordType) {
        return ClassName.get(recordType.packageName(),
                String.join("_", recordType.simpleNames()) + "_Teleport");
    }
}
