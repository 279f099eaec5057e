package org.onedoor.terminal.lifecycle;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A service made of one object that is opened in one step and stopped by closing it: a database, a client, a
 * thread that starts when built. {@link #get()} hands it to the parts started after it.
 *
 * @param <T> the part itself
 */
public final class Part<T extends AutoCloseable> implements Service {
    /** Opens (builds and starts) the part. */
    @FunctionalInterface
    public interface Opener<T> {
        T open() throws Exception;
    }

    private final String name;
    private final Opener<T> opener;
    private final Function<T, Map<String, BooleanSupplier>> liveness;
    private volatile T part;

    private Part(String name, Opener<T> opener, Function<T, Map<String, BooleanSupplier>> liveness) {
        this.name = Objects.requireNonNull(name, "name");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.liveness = liveness;
    }

    public static <T extends AutoCloseable> Part<T> of(String name, Opener<T> opener) {
        return new Part<>(name, opener, p -> Map.of());
    }

    /** As {@link #of}, with the watchdog's checks of the opened part. */
    public static <T extends AutoCloseable> Part<T> watched(String name, Opener<T> opener,
                                                           Function<T, Map<String, BooleanSupplier>> liveness) {
        return new Part<>(name, opener, liveness);
    }

    /** The opened part; only parts started after this one may ask. */
    public T get() {
        T opened = part;
        if (opened == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return opened;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() throws Exception {
        part = Objects.requireNonNull(opener.open(), name);
    }

    @Override
    public void stop() throws Exception {
        part.close();
    }

    @Override
    public Map<String, BooleanSupplier> liveness() {
        T opened = part;
        return opened == null ? Map.of() : liveness.apply(opened);
    }
}
