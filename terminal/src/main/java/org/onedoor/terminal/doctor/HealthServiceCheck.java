package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Whether the verify service answers at all: any HTTP answer, even an error status, shows that
 * the network path, DNS and TLS work. No code is sent.
 */
final class HealthServiceCheck implements Check {
    static final String NAME = "health service";
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final URI url;

    HealthServiceCheck(URI url) {
        this.url = url;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding run() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
        long started = System.nanoTime();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            long ms = (System.nanoTime() - started) / 1_000_000;
            return Finding.ok(NAME, url + " answers (HTTP " + response.statusCode() + " in " + ms + " ms)");
        } catch (HttpConnectTimeoutException e) {
            return Finding.fail(NAME, url + ": no connection within " + TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            return Finding.fail(NAME, url + ": connected, but no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            if (e.getCause() instanceof UnresolvedAddressException) {
                return Finding.fail(NAME, url + ": host not found (DNS)");
            }
            return Finding.fail(NAME, url + ": connection refused or no route");
        } catch (SSLException e) {
            return Finding.fail(NAME, url + ": TLS failed: " + e.getMessage());
        } catch (IOException e) {
            return Finding.fail(NAME, url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail(NAME, url + ": interrupted");
        }
    }
}
