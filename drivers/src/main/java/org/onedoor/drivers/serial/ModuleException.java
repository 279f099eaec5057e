package org.onedoor.drivers.serial;

/** A scanner module that does not answer, or answers wrongly; the port itself still works. */
public final class ModuleException extends Exception {
    public ModuleException(String message) {
        super(message);
    }
}
