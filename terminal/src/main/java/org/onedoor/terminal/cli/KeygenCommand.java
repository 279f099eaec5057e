package org.onedoor.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.onedoor.terminal.privacy.Pseudonymizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Writes a new pseudonym key file. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Write a new random pseudonym key (for [privacy] key_file), readable by its owner only.")
final class KeygenCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Where to write the key; an existing file is never overwritten.")
    Path file;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(file)) {
            System.err.println("onedoor: " + file + " exists; a new key would change every pseudonym, so it is left alone");
            return 1;
        }
        Pseudonymizer.writeNewKey(file);
        System.out.println("wrote " + file);
        return 0;
    }
}
