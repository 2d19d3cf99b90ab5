package dev.dx.bench.load;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/**
 * TLS 1.3 through Netty's {@code SslHandler} over BoringSSL (netty-tcnative), the baseline that encrypted
 * HBTP is compared with: a self-signed P-256 certificate for the server, and a client that trusts any
 * certificate (loopback benchmarks only).
 */
public final class TlsContexts {

    private static SslContext server;
    private static SslContext client;

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
}
