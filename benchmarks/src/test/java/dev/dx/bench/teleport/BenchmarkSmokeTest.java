package dev.dx.bench.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every Teleport benchmark method once outside JMH: setup, one call, teardown (so the pooled
 * buffers are released and the leak detector is satisfied). Encoders must produce the expected
 * message lengths.
 */
class BenchmarkSmokeTest {

    private static final Blackhole BH = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void userEncoders() throws Exception {
        UserEncodeBenchmark b = new UserEncodeBenchmark();
        try {
            b.setup();
            int nameLength = Samples.USER_NAME_UTF8.length;
            assertThat(b.teleport()).isEqualTo(48 + nameLength);
            assertThat(b.flyweight()).isEqualTo(48 + nameLength);
            assertThat(b.flyweightDirect()).isEqualTo(48 + nameLength);
            assertThat(b.sbe()).isEqualTo(8 + 10 + 4 + nameLength);
            assertThat(b.sbeByteBuf()).isEqualTo(8 + 10 + 4 + nameLength);
            assertThat(b.protobuf()).isEqualTo(b.protobufPrebuilt()).isPositive();
            assertThat(b.flatbuffers()).isPositive();
        } finally {
            b.tearDown();
        }
    }

    @Test
    void carEncoders() throws Exception {
        CarEncodeBenchmark b = new CarEncodeBenchmark();
        try {
            b.setup();
            int modelLength = Samples.CAR_MODEL_UTF8.length;
            assertThat(b.teleport()).isEqualTo(24 + 168 + modelLength);
            assertThat(b.flyweight()).isEqualTo(24 + 168 + modelLength);
            assertThat(b.flyweightDirect()).isEqualTo(24 + 168 + modelLength);
            assertThat(b.sbeByteBuf()).isEqualTo(b.sbe()).isPositive();
            assertThat(b.protobuf()).isEqualTo(b.protobufPrebuilt()).isPositive();
            assertThat(b.flatbuffers()).isPositive();
        } finally {
            b.tearDown();
        }
    }

    @Test
    void setupRefusesAFalseComparison() {
        Samples.checkAllEqual("name", true, true);
        assertThatThrownBy(() -> Samples.checkAllEqual("name", true, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a name comparison is false: [true, false]");
    }

    @Test
    void userDecoders() throws Exception {
        UserDecodeBenchmark b = new UserDecodeBenchmark();
        try {
            b.setup();
            b.teleport(BH);
            b.teleportString(BH);
            b.teleportView(BH);
            b.teleportViewBytes(BH);
            b.teleportStructView(BH);
            b.flyweight(BH);
            b.flyweightString(BH);
            b.sbe(BH);
            b.sbeString(BH);
            b.protobuf(BH);
            b.protobufString(BH);
            b.flatbuffers(BH);
            b.flatbuffersString(BH);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void carDecoders() throws Exception {
        CarDecodeBenchmark b = new CarDecodeBenchmark();
        try {
            b.setup();
            b.teleport(BH);
            b.teleportString(BH);
            b.teleportView(BH);
            b.teleportViewBytes(BH);
            b.flyweight(BH);
            b.flyweightString(BH);
            b.sbe(BH);
            b.sbeString(BH);
            b.protobuf(BH);
            b.protobufString(BH);
            b.flatbuffers(BH);
            b.flatbuffersString(BH);
        } finally {
            b.tearDown();
        }
    }
}
