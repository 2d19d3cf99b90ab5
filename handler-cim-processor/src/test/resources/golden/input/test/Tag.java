package test;

/** HTTP only, through its superclass; created by the chain. */
public final class Tag extends HttpMiddleware {

    @Override
    public boolean before(HttpExchange exchange) {
        exchange.answerHeader("x-tag", "t");
        return CONTINUE;
    }
}
