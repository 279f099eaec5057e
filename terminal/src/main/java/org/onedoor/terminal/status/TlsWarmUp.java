package org.onedoor.terminal.status;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * Begins the JDK's TLS set-up on a thread of its own as the daemon starts. The health service's HTTP client needs the
 * default {@link SSLContext} when it is built, even for an {@code http} URL, and so does an {@code ssl://} broker; its
 * first use loads the security providers and reads the trust store: 130 ms of a 0.7 s start on a 2-core machine,
 * spent on the main thread while the ledger and the drivers waited (docs/performance.md). Begun first, it runs beside
 * the configuration's parsing and the ledger's opening; the client's own call then finds it done, or waits for the
 * rest (the JDK initialises it once, whichever thread asks first).
 */
public final class TlsWarmUp {
    private TlsWarmUp() {
    }

    public static void begin() {
        Thread thread = new Thread(TlsWarmUp::warm, "tls-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warm() {
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            // Nothing to report here: the client meets the same fault when it is built, and reports it with its context.
            return;
        }
    }
}
