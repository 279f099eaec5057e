package org.onedoor.terminal.lane;

import org.onedoor.terminal.decision.Direction;
import org.onedoor.terminal.recognition.TextEncoding;

/** What a lane's pipeline knows of its lane: the configuration's {@code [[lane]]} provides it. */
public interface LaneSettings {
    String name();

    /** The entrance recorded with each entry. */
    String entrance();

    Direction direction();

    /** How the lane's scanner frames are decoded into text. */
    TextEncoding charset();
}
