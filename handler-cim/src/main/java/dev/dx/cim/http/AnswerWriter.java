package dev.dx.cim.http;

/**
 * Where an {@link HttpExchange} sends its finished answer: the connection's {@link CimHttpHandler}, on
 * the connection's event loop.
 */
interface AnswerWriter {

    /**
     * Writes {@code answer}, the answer to {@code exchange}, then closes the connection unless
     * {@code keepAlive}. Called once per exchange, on the event loop; takes ownership of the answer.
     */
    void write(HttpExchange exchange, HttpAnswer answer, boolean keepAlive);
}
