package dev.dx.bench.teleport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.bench.teleport.flyweight.CarFlyweight;
import dev.dx.bench.teleport.flyweight.FlyweightEncoder;
import dev.dx.bench.teleport.flyweight.UserFlyweight;
import dev.dx.teleport.TeleportMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The hand-written flyweight is a fair lower bound only if it handles the same bytes as the
 * generated Teleport code: same fingerprints, byte-identical messages, each reads the other's.
 */
class TeleportMatchesFlyweightTest {

    @Test
    void fingerprintsAndLayoutsMatch() {
        assertThat(User_Teleport.FINGERPRINT).isEqualTo(UserFlyweight.FINGERPRINT);
        assertThat(User_Teleport.SIZE).isEqualTo(UserFlyweight.SIZE);
        assertThat(Car_Teleport.CANONICAL).isEqualTo(CarFlyweight.CANONICAL);
        assertThat(Car_Teleport.FINGERPRINT).isEqualTo(CarFlyweight.FINGERPRINT);
        assertThat(Car_Teleport.SIZE).isEqualTo(CarFlyweight.SIZE);
        assertThat(Car_Teleport.MODEL_OFFSET).isEqualTo(CarFlyweight.MODEL_OFFSET);
        assertThat(Car_Teleport.FUEL_FIGURES_OFFSET).isEqualTo(CarFlyweight.FUEL_FIGURES_OFFSET);
    }

    @Test
    void userBytesAreIdentical() {
        ByteBuf teleport = User_Teleport.encode(PooledByteBufAllocator.DEFAULT, Samples.USER);
        ByteBuf flyweight = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            FlyweightEncoder.encode(flyweight, Samples.USER);
            assertThat(ByteBufUtil.hexDump(teleport)).isEqualTo(ByteBufUtil.hexDump(flyweight));
            assertThat(User_Teleport.read(TeleportMessage.wrap(flyweight.retain(), User_Teleport.LAYOUT)))
                    .isEqualTo(Samples.USER);
            flyweight.release();
            assertThat(new UserFlyweight().wrap(teleport, 0).name()).isEqualTo(Samples.USER.name());
        } finally {
            teleport.release();
            flyweight.release();
        }
    }

    @Test
    void carBytesAreIdentical() {
        ByteBuf teleport = Car_Teleport.encode(PooledByteBufAllocator.DEFAULT, Samples.CAR);
        ByteBuf flyweight = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            FlyweightEncoder.encode(flyweight, Samples.CAR);
            assertThat(ByteBufUtil.hexDump(teleport)).isEqualTo(ByteBufUtil.hexDump(flyweight));
            assertThat(Car_Teleport.read(TeleportMessage.wrap(flyweight.retain(), Car_Teleport.LAYOUT)))
                    .isEqualTo(Samples.CAR);
            flyweight.release();
            assertThat(new CarFlyweight().wrap(teleport, 0).fuelFiguresCount()).isEqualTo(5);
        } finally {
            teleport.release();
            flyweight.release();
        }
    }
}
