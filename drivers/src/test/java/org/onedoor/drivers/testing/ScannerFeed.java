package org.onedoor.drivers.testing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/** A serial line standing in for a scanner: the code under test opens {@link #devicePath()}, the test writes. */
public interface ScannerFeed extends Closeable {
    /** The side the scanner driver opens. */
    Path devicePath();

    /** Sends bytes as the scanner would. */
    void write(byte[] data) throws IOException;
}
