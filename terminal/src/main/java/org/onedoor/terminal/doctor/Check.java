package org.onedoor.terminal.doctor;

/** One thing the doctor looks at. Never throws: every failure is a {@link Finding}. */
@FunctionalInterface
public interface Check {
    Finding run();
}
