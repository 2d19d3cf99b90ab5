package dev.dx.bench.load;

import io.netty.buffer.ByteBuf;

import java.util.function.Supplier;

import static dev.dx.common.Checks.checkPositive;

/** Echo: a request is {@code size} bytes and the response is the same bytes. */
public final class EchoProtocol implements Protocol {

    private final int size;

    public EchoProtocol(int size) {
        this.size = checkPositive(size, "size");
    }

    /** A factory of echo protocols for {@link LoadGenerator}. */
    public static Supplier<Protocol> factory(int size) {
        checkPositive(size, "size");
        return () -> new EchoProtocol(size);
    }

    @Override
    public void writeRequest(ByteBuf out) {
        out.writeZero(size);
    }

    @Override
    public int completeResponseLength(ByteBuf in) {
        return in.readableBytes() >= size ? size : 0;
    }
}
