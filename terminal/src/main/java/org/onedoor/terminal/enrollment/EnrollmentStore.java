package org.onedoor.terminal.enrollment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The terminal's enrollment files in {@code {data_dir}/enrollment/}: {@code approval.json} and
 * {@code rejection.json}, the county's last approval and last rejection exactly as they arrived (signed; read and
 * verified again at every start, so a file changed on the card counts for nothing; a rejection of added entrances
 * leaves the approval in force), and {@code request.json}, the last request published. Each is written to a temporary
 * file, forced to the card and renamed over the old one: a power cut leaves the old answer or the new one.
 */
public final class EnrollmentStore {
    private static final String APPROVAL = "approval.json";
    private static final String REJECTION = "rejection.json";
    private static final String REQUEST = "request.json";
    private final Path dir;

    public EnrollmentStore(Path dataDir) {
        this.dir = dataDir.resolve("enrollment");
    }

    public Path approvalFile() {
        return dir.resolve(APPROVAL);
    }

    /** The stored approval, verified with {@code countyKey}; empty when there is none. */
    public Optional<EnrollmentAnswer> approval(PublicKey countyKey) throws IOException, InvalidEnrollmentException {
        return answer(APPROVAL, countyKey);
    }

    /** The stored rejection, verified with {@code countyKey}; empty when there is none. */
    public Optional<EnrollmentAnswer> rejection(PublicKey countyKey) throws IOException, InvalidEnrollmentException {
        return answer(REJECTION, countyKey);
    }

    private Optional<EnrollmentAnswer> answer(String name, PublicKey countyKey)
            throws IOException, InvalidEnrollmentException {
        Optional<byte[]> bytes = read(name);
        return bytes.isPresent() ? Optional.of(EnrollmentMessages.readAnswer(bytes.get(), countyKey))
                : Optional.empty();
    }

    public Optional<EnrollmentRequest> request() throws IOException, InvalidEnrollmentException {
        Optional<byte[]> bytes = read(REQUEST);
        return bytes.isPresent() ? Optional.of(EnrollmentMessages.readRequest(bytes.get())) : Optional.empty();
    }

    public Optional<byte[]> approvalBytes() throws IOException {
        return read(APPROVAL);
    }

    public Optional<byte[]> rejectionBytes() throws IOException {
        return read(REJECTION);
    }

    public Optional<byte[]> requestBytes() throws IOException {
        return read(REQUEST);
    }

    /** @param answer what {@code signed} holds, already verified */
    public void storeAnswer(EnrollmentAnswer answer, byte[] signed) throws IOException {
        write(answer.approved() ? APPROVAL : REJECTION, signed);
    }

    public void storeRequest(byte[] signed) throws IOException {
        write(REQUEST, signed);
    }

    private Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(dir.resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void write(String name, byte[] payload) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        Path temporary = dir.resolve(name + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(payload);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
