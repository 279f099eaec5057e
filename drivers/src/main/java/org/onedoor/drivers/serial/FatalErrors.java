package org.onedoor.drivers.serial;

/**
 * Which throwables a scanner thread lets end it. A frame is hostile input: whatever it makes the code
 * below throw ends that frame, not the lane. Only a fault of the whole JVM ends the thread — out of
 * memory (the service exits on it), an internal error — since nothing on the thread can repair it. A
 * stack overflow is a {@link VirtualMachineError} too, but it is this thread's alone and unwound by the
 * time it is caught, so the next frame has its whole stack again.
 */
public final class FatalErrors {
    private FatalErrors() {
    }

    /** Whether {@code t} is a fault of the whole JVM, which no frame handler should swallow. */
    public static boolean jvmWide(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    }
}
