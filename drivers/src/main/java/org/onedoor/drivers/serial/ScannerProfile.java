package org.onedoor.drivers.serial;

import java.io.IOException;

/**
 * What a kind of scanner module needs beyond reading its frames: a start-up sequence sent each
 * time its port opens, before frames are taken as scans, and a way to signal a refusal on the
 * module itself. Both run on the scanner's reader thread.
 */
public interface ScannerProfile {
    /** The configuration name, e.g. {@code generic}. */
    String name();

    /**
     * Configures the module on a freshly opened port.
     *
     * @throws ModuleException when the module does not answer or refuses; the reader retries
     */
    void start(CommandChannel channel) throws IOException, InterruptedException, ModuleException;

    /** Makes the module itself show that the scan it just read was refused; may do nothing. */
    void signalRefusal(CommandChannel channel) throws IOException, InterruptedException, ModuleException;
}
