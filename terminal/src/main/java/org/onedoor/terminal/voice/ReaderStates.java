package org.onedoor.terminal.voice;

/**
 * Where the prompts learn the state of each lane's ID-card reader. A reader's changes are told to
 * {@link VoiceService#devicesChanged(String)}.
 */
@FunctionalInterface
public interface ReaderStates {
    /** No lane has a reader. */
    ReaderStates NONE = lane -> ReaderState.ABSENT;

    ReaderState of(String lane);
}
