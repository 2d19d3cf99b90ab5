package dev.dx.teleport.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.generated.ReflectedStruct;
import dev.dx.teleport.sample.Car;
import dev.dx.teleport.sample.Counts;
import dev.dx.teleport.sample.Empty;
import dev.dx.teleport.sample.Enums;
import dev.dx.teleport.sample.Outer;
import dev.dx.teleport.sample.Person;
import dev.dx.teleport.sample.Primitives;
import dev.dx.teleport.sample.Slices;
import dev.dx.teleport.sample.Strings;
import dev.dx.teleport.sample.User;
import dev.dx.teleport.sample.Wheel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the processor emits agrees with a struct built at run time: for every sample record, the
 * {@link TeleportStruct} built from its components by reflection ({@link ReflectedStruct}, which
 * maps Java types to Teleport types independently of the processor) has the generated class's
 * canonical string, size, alignment, fingerprint and {@code *_OFFSET} constants.
 */
class RuntimeLayoutAgreementTest {

    @ParameterizedTest
    @ValueSource(classes = {User.class, Primitives.class, Strings.class, Enums.class, Person.class,
        Wheel.class, Car.class, Slices.class, Counts.class, Empty.class, Outer.Inner.class,
        dev.dx.teleport.sample.Everything.class, dev.dx.teleport.sample.Optionals.class})
    void aStructBuiltAtRunTimeMatchesTheGeneratedConstants(Class<?> record) throws ReflectiveOperationException {
        TeleportStruct struct = ReflectedStruct.of(record);
        Class<?> generated = Class.forName(record.getPackageName() + "."
                + record.getName().substring(record.getPackageName().length() + 1).replace('$', '_')
                + "_Teleport");
        TeleportLayout layout = (TeleportLayout) generated.getField("LAYOUT").get(null);

        assertThat(struct.layout().canonical()).isEqualTo(generated.getField("CANONICAL").get(null));
        assertThat(struct.layout().size()).isEqualTo(generated.getField("SIZE").getInt(null));
        assertThat(struct.layout().align()).isEqualTo(generated.getField("ALIGN").getInt(null));
        assertThat(struct.layout().fingerprint()).isEqualTo(generated.getField("FINGERPRINT").getLong(null));
        assertThat(struct.layout()).isEqualTo(layout);
        for (TeleportStruct.Field field : struct.fields()) {
            String constant = Names.constantPrefix(field.name()) + "_OFFSET";
            assertThat(field.offset()).as(constant).isEqualTo(generated.getField(constant).getInt(null));
        }
    }
}
