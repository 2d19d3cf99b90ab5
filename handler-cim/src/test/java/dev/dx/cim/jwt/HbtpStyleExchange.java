package dev.dx.cim.jwt;

import dev.dx.cim.AbstractExchange;
import dev.dx.cim.Rejection;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An exchange that behaves like an HBTP call: metadata names are looked up exactly (HBTP metadata keys are
 * lowercase, spec §11.1), the answer is an RpcError code, answer metadata is recorded. Enough to show that
 * {@link JwtAuthMiddleware} reads HBTP {@code authorization} metadata through the same {@code header()}
 * call as the HTTP header.
 */
final class HbtpStyleExchange extends AbstractExchange {

    private final Map<String, String> metadata = new HashMap<>();
    private final Map<String, String> answerMetadata = new LinkedHashMap<>();
    private Object identity;
    private Rejection rejection;

    HbtpStyleExchange metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    HbtpStyleExchange identity(Object value) {
        this.identity = value;
        return this;
    }

    Rejection rejection() {
        return rejection;
    }

    Map<String, String> answerMetadata() {
        return answerMetadata;
    }

    @Override
    public Protocol protocol() {
        return Protocol.HBTP;
    }

    @Override
    public String method() {
        return null;
    }

    @Override
    public String path() {
        return null;
    }

    @Override
    public int route() {
        return 7;
    }

    @Override
    public String header(CharSequence name) {
        return metadata.get(name.toString());
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public Object identity() {
        return identity;
    }

    @Override
    public boolean isAnswered() {
        return rejection != null;
    }

    @Override
    public void reject(Rejection value, String message) {
        if (rejection == null) {
            rejection = value;
            runAfterHooks();
        }
    }

    @Override
    public void answerHeader(CharSequence name, CharSequence value) {
        answerMetadata.put(name.toString().toLowerCase(Locale.ROOT), value.toString()); // as HbtpCimExchange does
    }
}
