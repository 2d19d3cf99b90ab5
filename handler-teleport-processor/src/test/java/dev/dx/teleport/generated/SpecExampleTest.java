package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.sample.User;
import dev.dx.teleport.sample.User_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** §5: the example {@code User} in the format specification. */
class SpecExampleTest {

    private static final String CANONICAL =
            "struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8";

    /** The 51 bytes of §5, typed in from the specification. */
    private static final byte[] SPEC_BYTES = Hex.parse(""
            + "44 58 54 50 01 00 00 00  cb 60 40 c5 ab 4a 41 dc\n"
            + "18 00 00 00 03 00 00 00\n"
            + "2a 00 00 00 00 00 00 00\n"
            + "00 00 00 00 03 00 00 00\n"
            + "24 01 00 00 00 00 00 00\n"
            + "41 64 61\n");

    private final User ada = new User(42, "Ada", (byte) 36, true);

    @Test
    void canonicalStringAndFingerprintAreTheSpecs() {
        assertThat(User_Teleport.CANONICAL).isEqualTo(CANONICAL);
        assertThat(User_Teleport.FINGERPRINT).isEqualTo(0xdc414aabc54060cbL);
        assertThat(User_Teleport.SIZE).isEqualTo(24);
        assertThat(User_Teleport.ALIGN).isEqualTo(8);
        assertThat(User_Teleport.ID_OFFSET).isZero();
        assertThat(User_Teleport.NAME_OFFSET).isEqualTo(8);
        assertThat(User_Teleport.AGE_OFFSET).isEqualTo(16);
        assertThat(User_Teleport.ACTIVE_OFFSET).isEqualTo(17);
    }

    @Test
    void compileTimeFingerprintEqualsRunTimeFingerprint() {
        assertThat(TeleportLayout.fingerprintOf(User_Teleport.CANONICAL))
                .isEqualTo(User_Teleport.FINGERPRINT);
        assertThat(User_Teleport.LAYOUT.fingerprint()).isEqualTo(User_Teleport.FINGERPRINT);
        assertThat(User_Teleport.LAYOUT.canonical()).isEqualTo(CANONICAL);
    }

    @Test
    void encodesToTheSpecBytes() {
        assertThat(SPEC_BYTES).hasSize(51);
        assertThat(Hex.resource("user.hex")).isEqualTo(SPEC_BYTES);
        ByteBuf buf = User_Teleport.encode(PooledByteBufAllocator.DEFAULT, ada);
        try {
            assertThat(Hex.bytes(buf)).isEqualTo(SPEC_BYTES);
        } finally {
            buf.release();
        }
    }

    @Test
    void writerIsReusableAndDeterministic() {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        for (int i = 0; i < 3; i++) {
            User_Teleport.write(writer, ada);
            ByteBuf buf = writer.finish();
            try {
                assertThat(Hex.bytes(buf)).isEqualTo(SPEC_BYTES);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void viewReadsTheSpecBytesInPlace() {
        ByteBuf buf = Unpooled.directBuffer().writeBytes(SPEC_BYTES);
        TeleportMessage message = TeleportMessage.wrap(buf, User_Teleport.LAYOUT);
        try {
            User_Teleport.View view = User_Teleport.view(message);
            assertThat(view.id()).isEqualTo(42);
            assertThat(view.age()).isEqualTo((byte) 36);
            assertThat(view.active()).isTrue();
            assertThat(view.nameLength()).isEqualTo(3);
            assertThat(view.nameEquals("Ada")).isTrue();
            assertThat(view.nameEquals("Adb")).isFalse();
            assertThat(view.nameEquals("Ad")).isFalse();
            assertThat(view.nameEquals("Adam")).isFalse();
            assertThat(view.name()).isEqualTo("Ada");
            ByteBuf name = view.nameBytes();
            assertThat(name.toString(StandardCharsets.UTF_8)).isEqualTo("Ada");
            // zero-copy: the slice shares the message's memory
            buf.setByte(48, 'E');
            assertThat(name.getByte(0)).isEqualTo((byte) 'E');
            assertThat(buf.readerIndex()).isZero();
            assertThat(User_Teleport.read(message)).isEqualTo(new User(42, "Eda", (byte) 36, true));
        } finally {
            assertThat(message.release()).isTrue();
        }
        assertThat(buf.refCnt()).isZero();
    }

    @Test
    void viewWrapsARawMessageBufferThroughAFlyweight() {
        ByteBuf buf = Unpooled.wrappedBuffer(SPEC_BYTES);
        try {
            User_Teleport.View view = new User_Teleport.View()
                    .wrap(new TeleportMessageFlyweight().wrap(buf, User_Teleport.LAYOUT));
            assertThat(view.id()).isEqualTo(42);
            assertThat(view.name()).isEqualTo("Ada");
        } finally {
            buf.release();
        }
    }
}
