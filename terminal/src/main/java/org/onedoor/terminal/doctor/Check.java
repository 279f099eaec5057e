package org.onedoor.terminal.doctor;

/** One thing the doctor looks at. Never throws: every failure is a {@link Finding}. */
public interface Check {
    /** The name its finding carries, also when the check breaks. */
    String name();

    Finding run();
}
