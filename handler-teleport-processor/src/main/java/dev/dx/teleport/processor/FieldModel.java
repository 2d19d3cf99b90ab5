package dev.dx.teleport.processor;

import javax.lang.model.element.Element;

/** One record component: its name, Teleport type and offset in the struct. */
final class FieldModel {

    final String name;
    final String constantPrefix;
    final FieldType type;
    final int offset;
    final Element element;

    FieldModel(String name, String constantPrefix, FieldType type, int offset, Element element) {
        this.name = name;
        this.constantPrefix = constantPrefix;
        this.type = type;
        this.offset = offset;
        this.element = element;
    }

    String offsetConstant() {
        return constantPrefix + "_OFFSET";
    }

    String valuesConstant() {
        return constantPrefix + "_VALUES";
    }
}
