package dev.dx.cim.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Where an {@link HttpExchange} sends its finished answer: the connection's {@link CimHttpHandler}, on
 * the connection's event loop.
 */
interface AnswerWriter {

    /**
     * Writes {@code response}, the answer to {@code exchange}, then closes the connection unless
     * {@code keepAlive}. Called once per exchange, on the event loop; takes ownership of the response.
     */
    void write(HttpExchange exchange, FullHttpResponse response, boolean keepAlive);
}
