package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.sample.Everything_Teleport;
import dev.dx.teleport.sample.Optionals_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Reading an absent optional through a generated view allocates nothing (§6 accessors): its
 * presence test, its plain accessor (an empty Optional, an empty OptionalInt/Long/Double or null,
 * all shared) and a primitive's {@code xOr(default)}; nor do the §6 accessors that return the
 * stored form ({@code xMicros}, {@code xEpochDay}, {@code xHigh}/{@code xLow}, {@code xLength}).
 * Counted with the JVM's per-thread allocation counter, not timed; skipped where it has none.
 */
class OptionalAllocationTest {

    @Test
    void readingAbsentOptionalsAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        byte[] absent = RoundTripPropertiesTest.encode(new TeleportWriter(PooledByteBufAllocator.DEFAULT),
                Optionals_Teleport.TYPE, Samples.OPTIONALS_ABSENT);
        // wrapped arrays are not leak-tracked (a tracked buffer records a stack trace per access)
        ByteBuf optionalsBuf = Unpooled.wrappedBuffer(absent);
        ByteBuf everythingBuf = Unpooled.wrappedBuffer(Hex.resource("every-type.hex"));
        TeleportMessageFlyweight optionalsMessage = new TeleportMessageFlyweight();
        TeleportMessageFlyweight everythingMessage = new TeleportMessageFlyweight();
        Optionals_Teleport.View optionals = new Optionals_Teleport.View();
        Everything_Teleport.View everything = new Everything_Teleport.View();
        long sink = 0;
        for (int r = 0; r < 2000; r++) { // warm up, and load every class involved
            sink += read(optionalsMessage.wrap(optionalsBuf, Optionals_Teleport.LAYOUT), optionals)
                    + read(everythingMessage.wrap(everythingBuf, Everything_Teleport.LAYOUT), everything);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int r = 0; r < 10_000; r++) {
            sink += read(optionalsMessage.wrap(optionalsBuf, Optionals_Teleport.LAYOUT), optionals)
                    + read(everythingMessage.wrap(everythingBuf, Everything_Teleport.LAYOUT), everything);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(sink).isNotZero();
        // one 16-byte object per round would be 160,000 bytes; the JVM itself accounts for a few KiB
        assertThat(allocated).as("bytes allocated by 10,000 rounds of ~30 reads").isLessThan(10_000 * 16);
    }

    private static long read(TeleportMessageFlyweight message, Optionals_Teleport.View v) {
        v.wrap(message);
        long sum = 0;
        sum += v.countOr(1) + v.totalOr(2L) + (long) v.ratioOr(3.0) + v.smallOr((byte) 4) + v.mediumOr((short) 5)
                + v.letterOr('6') + v.bigOr(7L) + (long) v.singleOr(8f) + (long) v.wideOr(9.0)
                + v.boxedInsideOr(10);
        sum += (v.hasColor() ? 1 : 0) + (v.hasAddress() ? 1 : 0) + (v.hasCar() ? 1 : 0);
        sum += v.count().isPresent() ? 1 : 0;
        sum += v.total().isPresent() ? 1 : 0;
        sum += v.ratio().isPresent() ? 1 : 0;
        sum += v.big() == null ? 1 : 0;
        sum += v.color().isPresent() ? 1 : 0;
        sum += v.boxedInside().isPresent() ? 1 : 0;
        sum += v.address() == null ? 1 : 0;
        sum += v.car() == null ? 1 : 0;
        return sum;
    }

    private static long read(TeleportMessageFlyweight message, Everything_Teleport.View v) {
        v.wrap(message);
        long sum = 0;
        sum += v.atMicros() + v.dayEpochDay() + v.idHigh() + v.idLow() + v.blobLength();
        sum += (v.hasMaybeName() ? 1 : 0) + (v.hasMaybeAt() ? 1 : 0) + (v.hasMaybeDay() ? 1 : 0);
        sum += v.maybeName().isPresent() ? 1 : 0;
        sum += v.maybeAt().isPresent() ? 1 : 0;
        sum += v.maybeDay().isPresent() ? 1 : 0;
        sum += v.maybeIntOr(0) + (v.maybeFlagOr(false) ? 1 : 0);
        sum += v.stampsCount() + v.idsCount();
        return sum;
    }
}
