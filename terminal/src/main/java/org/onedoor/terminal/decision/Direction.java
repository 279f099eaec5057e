package org.onedoor.terminal.decision;

/** Which way a lane's people pass: in through the checks, or out. */
public enum Direction { ENTRY, EXIT }
