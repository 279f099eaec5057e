package org.onedoor.terminal.voice;

/** A lane's ID-card reader as the prompts see it. */
public enum ReaderState {
    /** The lane has no reader. */
    ABSENT,
    UP,
    DOWN
}
