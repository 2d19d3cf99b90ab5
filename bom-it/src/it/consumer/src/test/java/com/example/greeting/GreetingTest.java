package com.example.greeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dx.codec.hbtp.HbtpCallOptions;
import dev.dx.codec.hbtp.HbtpClient;
import dev.dx.codec.hbtp.HbtpClientConfig;
import dev.dx.codec.hbtp.HbtpErrorCode;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpMetadataKey;
import dev.dx.codec.hbtp.HbtpResponse;
import dev.dx.codec.hbtp.HbtpRpcException;
import dev.dx.reactor.DxReactor;
import dev.dx.reactor.Listener;
import dev.dx.teleport.TeleportMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.Version;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GreetingTest {

    @Test
    void theGeneratedCodecWritesAndItsViewReads() {
        Greeting greeting = new Greeting(7, "hej", true);
        ByteBuf bytes = Greeting_Teleport.encode(ByteBufAllocator.DEFAULT, greeting);
        TeleportMessage message = TeleportMessage.wrap(bytes, Greeting_Teleport.LAYOUT);
        try {
            Greeting_Teleport.View view = Greeting_Teleport.view(message);
            assertEquals(7, view.id());
            assertTrue(view.textEquals("hej"));
            assertEquals(greeting, Greeting_Teleport.read(message));
        } finally {
            message.release();
        }
    }

    @Test
    void anHbtpCallOnDxReactorAnswersAGreeting() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(1).pinning(false).build().ignite()) {
            Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0),
                    new GreetingService(reactor).serverInitializer());
            HbtpClient client = HbtpClient.connect(reactor.clientBootstrap(), listener.localAddress(),
                    new HbtpClientConfig()).get(10, TimeUnit.SECONDS);
            try {
                ByteBuf args = client.channel().alloc().buffer(Long.BYTES).writeLongLE(42);
                ByteBuf answer = client.call(GreetingService.GREET, args).get(10, TimeUnit.SECONDS);
                TeleportMessage message = TeleportMessage.wrap(answer, Greeting_Teleport.LAYOUT);
                try {
                    assertEquals(new Greeting(42, "hello 42", true), Greeting_Teleport.read(message));
                } finally {
                    message.release();
                }
            } finally {
                client.close();
                client.channel().closeFuture().await(10, TimeUnit.SECONDS);
            }
            assertTrue(reactor.shutdownGracefully(Duration.ofSeconds(10)));
        }
    }

    @Test
    void theGeneratedChainTimesTheCallAndRefusesAnUnknownCaller() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(1).pinning(false).build().ignite()) {
            Listener listener = reactor.bind(new InetSocketAddress("127.0.0.1", 0),
                    new GreetingService(reactor).serverInitializer());
            HbtpClient client = HbtpClient.connect(reactor.clientBootstrap(), listener.localAddress(),
                    new HbtpClientConfig()).get(10, TimeUnit.SECONDS);
            try {
                HbtpCallOptions caller = HbtpCallOptions.DEFAULT
                        .withMetadata(HbtpMetadata.of(HbtpMetadataKey.ofString("x-caller"), "test"));
                HbtpResponse answer = client.call(GreetingService.GREET_CHECKED,
                        client.channel().alloc().buffer(Long.BYTES).writeLongLE(7), caller).get(10, TimeUnit.SECONDS);
                try {
                    assertTrue(answer.metadata().contains("x-response-time"));
                } finally {
                    answer.release();
                }
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> client.call(GreetingService.GREET_CHECKED,
                                client.channel().alloc().buffer(Long.BYTES).writeLongLE(7), HbtpCallOptions.DEFAULT)
                                .get(10, TimeUnit.SECONDS));
                assertEquals(HbtpErrorCode.UNAUTHORIZED.code(), ((HbtpRpcException) refused.getCause()).code());
            } finally {
                client.close();
                client.channel().closeFuture().await(10, TimeUnit.SECONDS);
            }
        }
    }

    /** dx-bom's Netty is the one dx-parent builds against (the two POMs state it separately). */
    @Test
    void theBomBringsTheNettyDxIsBuiltAgainst() {
        assertEquals(System.getProperty("expected.netty.version"),
                Version.identify().get("netty-transport").artifactVersion());
    }
}
