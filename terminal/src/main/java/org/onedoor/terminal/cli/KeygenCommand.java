package org.onedoor.terminal.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.enrollment.DeviceKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes a new pseudonym key file, or this terminal's device key pair. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Write a new random pseudonym key (for [privacy] key_file), readable by its owner only.",
                "With --device: this terminal's Ed25519 device key (for [enrollment] device_key), FILE readable by its "
                        + "owner only and its public half beside it (device.key → device.pub)."})
final class KeygenCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Where to write the key; an existing file is never overwritten.")
    Path file;

    @Option(names = "--device", description = "Write the device key pair the county's approval binds.")
    boolean device;

    @Override
    public Integer call() throws IOException {
        if (device) {
            return deviceKey();
        }
        if (Files.exists(file)) {
            System.err.println("onedoor: " + file + " exists; a new key would change every pseudonym, so it is left alone");
            return 1;
        }
        Pseudonymizer.writeNewKey(file);
        System.out.println("wrote " + file);
        return 0;
    }

    private int deviceKey() throws IOException {
        String publicKey;
        try {
            publicKey = DeviceKeys.generate(file);
        } catch (FileAlreadyExistsException e) {
            System.err.println("onedoor: " + e.getFile() + " exists; the county's approval binds the device key, so "
                    + "it is left alone");
            return 1;
        }
        System.out.println("wrote " + file + " and " + DeviceKeys.publicFile(file) + "; device key sha256 "
                + DeviceKeys.fingerprint(publicKey));
        return 0;
    }
}
