package dev.dx.bench.load;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.util.List;

/**
 * TLS 1.3 through Netty's {@code SslHandler} over BoringSSL (netty-tcnative), the baseline that encrypted
 * HBTP is compared with: a self-signed P-256 certificate for the server, and a client that trusts any
 * certificate (loopback benchmarks only).
 *
 * <p>BoringSSL takes AES-128-GCM on a CPU with AES instructions and cannot be told to offer only
 * ChaCha20-Poly1305 in TLS 1.3 (Netty logs that it ignores such a list). {@link #clientChaCha20()} is
 * therefore a JDK client that offers {@value #CHACHA20_POLY1305} alone, so the BoringSSL server must seal
 * with the cipher that encrypted HBTP's Noise suite uses: a like-for-like anchor for the server's cost.
 */
public final class TlsContexts {

    /** The TLS 1.3 suite with the AEAD of HBTP's Noise suite. */
    public static final String CHACHA20_POLY1305 = "TLS_CHACHA20_POLY1305_SHA256";

    private static SslContext server;
    private static SslContext client;
    private static SslContext clientChaCha20;

    private TlsContexts() {
    }

    /** The server's context, made once: TLS 1.3 only, BoringSSL. */
    public static synchronized SslContext server() {
        if (server == null) {
            try {
                X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                        .setIsCertificateAuthority(true).algorithm(CertificateBuilder.Algorithm.ecp256)
                        .buildSelfSigned();
                server = SslContextBuilder.forServer(cert.getKeyPair().getPrivate(), cert.getCertificatePath())
                        .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.3").build();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the TLS 1.3 server context", e);
            }
        }
        return server;
    }

    /** The client's context, made once: TLS 1.3 only, BoringSSL, any certificate trusted. */
    public static synchronized SslContext client() {
        if (client == null) {
            try {
                client = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.3").build();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the TLS 1.3 client context", e);
            }
        }
        return client;
    }

    /**
     * A client context, made once, that offers only {@value #CHACHA20_POLY1305} (the JDK's TLS 1.3, since
     * BoringSSL's suite list cannot be narrowed), so {@link #server()} must negotiate it.
     */
    public static synchronized SslContext clientChaCha20() {
        if (clientChaCha20 == null) {
            try {
                clientChaCha20 = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .sslProvider(SslProvider.JDK).protocols("TLSv1.3").ciphers(List.of(CHACHA20_POLY1305))
                        .build();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the TLS 1.3 ChaCha20-Poly1305 client context", e);
            }
        }
        return clientChaCha20;
    }
}
